import type { RouteSpec } from '../access.ts';
import { accountRoutes } from './account.ts';
import { alertApiRoutes } from './alertApi.ts';
import { alertPageRoutes } from './alertPages.ts';
import { assetRoutes } from './assets.ts';
import { auditRoutes } from './audit.ts';
import { channelRoutes } from './channels.ts';
import { healthRoutes } from './health.ts';
import { homeRoutes } from './home.ts';
import { listeningApiRoutes } from './listeningApi.ts';
import { listeningDashboardRoutes } from './listeningDashboard.ts';
import { listeningExportRoutes } from './listeningExport.ts';
import { listeningHelpRoutes } from './listeningHelp.ts';
import { listeningPageRoutes } from './listeningPages.ts';
import { memberRoutes } from './members.ts';
import { notificationPageRoutes } from './notificationPages.ts';
import { oidcRoutes } from './oidc.ts';
import { resetRoutes } from './reset.ts';
import { sessionRoutes } from './session.ts';
import { settingsRoutes } from './settings.ts';
import { webcareApiRoutes } from './webcareApi.ts';
import { webcareCannedRoutes } from './webcareCanned.ts';
import { webcareCaseRoutes } from './webcareCase.ts';
import { webcareFigureRoutes } from './webcareFigures.ts';
import { webcareInboxRoutes } from './webcareInbox.ts';
import { webcareLiveRoutes } from './webcareLive.ts';
import { webcareSettingRoutes } from './webcareSettings.ts';
import { yardstickRoutes } from './yardstick.ts';

/**
 * The route table: every route the server has, with who may call it. The server registers
 * exactly these, and the authorisation test walks them all.
 */
export const ROUTES: readonly RouteSpec[] = [
  ...healthRoutes,
  ...assetRoutes,
  ...sessionRoutes,
  ...homeRoutes,
  ...listeningPageRoutes,
  ...listeningHelpRoutes,
  ...listeningDashboardRoutes,
  ...listeningExportRoutes,
  ...listeningApiRoutes,
  ...alertPageRoutes,
  ...notificationPageRoutes,
  ...alertApiRoutes,
  ...webcareInboxRoutes,
  ...webcareCaseRoutes,
  ...webcareApiRoutes,
  ...webcareCannedRoutes,
  ...webcareFigureRoutes,
  ...webcareLiveRoutes,
  ...webcareSettingRoutes,
  ...yardstickRoutes,
  ...settingsRoutes,
  ...channelRoutes,
  ...memberRoutes,
  ...auditRoutes,
  ...accountRoutes,
  ...resetRoutes,
  ...oidcRoutes,
];
