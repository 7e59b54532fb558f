import { catalogue } from './catalogue.ts';

/** The yardstick's pages: the national overview, an organisation's figures and the map. */
export const yardstick = catalogue(
  {
    'yardstick.overview.title': 'Meetlat: landelijk overzicht',
    'yardstick.overview.intro':
      'De cijfers van alle overheden met een account in Meetlat, per klasse en landelijk. Deze cijfers zijn openbaar voor iedereen die inlogt; berichten zelf staan hier niet.',
    'yardstick.org.title': 'Meetlat: {org}',
    'yardstick.org.intro':
      'De kengetallen van {org} naast het gemiddelde van organisaties van dezelfde grootte, de waarde van vorig jaar en de rang in de klasse.',
    'yardstick.org.figures': 'Kengetallen over {period}',
    'yardstick.org.noAccounts':
      'Nog geen gegevens: {org} heeft nog geen account in Meetlat. Zodra een kanaal is gekoppeld of berichten zijn geïmporteerd, staan hier de cijfers.',
    'yardstick.map.title': 'Meetlat: kaart per gemeente',
    'yardstick.map.intro':
      'Elke gemeente gekleurd naar haar cijfer. Dezelfde cijfers staan in de tabel onder de kaart.',
    'yardstick.map.heading': '{metric} per gemeente',
    'yardstick.map.metric': 'Kengetal op de kaart',
    'yardstick.metric.response_rate': '% beantwoord',
    'yardstick.metric.mean_first_response_s': 'Gemiddelde reactietijd',
    'yardstick.metric.median_first_response_s': 'Mediane reactietijd',
    'yardstick.metric.reply_pct': '% reacties',
    'yardstick.metric.sent': 'Verzonden berichten',
    'yardstick.metric.inbound': 'Inkomende berichten',
    'yardstick.metric.followers': 'Aantal volgers',
    'yardstick.metric.followers_per_1000_inhabitants': 'Volgers per 1.000 inwoners',
    'yardstick.metric.followers_growth_pct': 'Groei aantal volgers (%)',
    'yardstick.map.skip': 'Sla de kaart over: naar de tabel met dezelfde cijfers',
    'yardstick.map.noBoundaries':
      'Geen kaart: er staan nog geen gemeentegrenzen in de database. Een beheerder laadt ze met "meetlat orgs import-gemeenten --geometry".',
    'yardstick.period.label': 'Periode',
    'yardstick.period.all': 'Alle berichten',
    'yardstick.period.quarter': 'K{quarter} {year}',
    'yardstick.period.shown': 'Periode: {period} (tijden in UTC).',
    'yardstick.period.everything': 'alle berichten in de database',
    'yardstick.period.range': '{from} t/m {to}',
    'yardstick.period.since': 'vanaf {from}',
    'yardstick.period.until': 't/m {to}',
    'yardstick.choose': 'Kies wat u wilt zien',
    'yardstick.show': 'Toon',
    'yardstick.noData':
      'Nog geen gegevens over deze periode: er staan geen berichten of volgersaantallen over {period} in Meetlat. Kies een andere periode.',
    'yardstick.noDataAtAll':
      'Nog geen gegevens: er staan nog geen berichten in Meetlat. Zodra kanalen zijn gekoppeld of berichten zijn geïmporteerd, staan hier de cijfers.',
    'yardstick.links.label': 'Meer van de meetlat',
    'yardstick.links.overview': 'Landelijk overzicht',
    'yardstick.links.map': 'Kaart per gemeente',
    'yardstick.links.org': 'De cijfers van {org}',
    'yardstick.dutchOnly': 'De cijfers en hun toelichting zijn in het Nederlands.',
  },
  {
    'yardstick.overview.title': 'Yardstick: national overview',
    'yardstick.overview.intro':
      'The figures of every public organisation with an account in Meetlat, per class and nationally. These figures are public to everyone who logs in; the messages themselves are not shown here.',
    'yardstick.org.title': 'Yardstick: {org}',
    'yardstick.org.intro':
      "The figures of {org} next to the average of organisations of the same size, last year's value and the rank within the class.",
    'yardstick.org.figures': 'Figures for {period}',
    'yardstick.org.noAccounts':
      'No data yet: {org} has no account in Meetlat yet. Once a channel is connected or messages are imported, the figures appear here.',
    'yardstick.map.title': 'Yardstick: map by municipality',
    'yardstick.map.intro':
      'Each municipality coloured by its figure. The same figures are in the table below the map.',
    'yardstick.map.heading': '{metric} by municipality',
    'yardstick.map.metric': 'Figure on the map',
    'yardstick.metric.response_rate': '% answered',
    'yardstick.metric.mean_first_response_s': 'Mean response time',
    'yardstick.metric.median_first_response_s': 'Median response time',
    'yardstick.metric.reply_pct': '% replies',
    'yardstick.metric.sent': 'Messages sent',
    'yardstick.metric.inbound': 'Inbound messages',
    'yardstick.metric.followers': 'Followers',
    'yardstick.metric.followers_per_1000_inhabitants': 'Followers per 1,000 inhabitants',
    'yardstick.metric.followers_growth_pct': 'Follower growth (%)',
    'yardstick.map.skip': 'Skip the map: go to the table with the same figures',
    'yardstick.map.noBoundaries':
      'No map: there are no municipal boundaries in the database yet. An administrator loads them with "meetlat orgs import-gemeenten --geometry".',
    'yardstick.period.label': 'Period',
    'yardstick.period.all': 'All messages',
    'yardstick.period.quarter': 'Q{quarter} {year}',
    'yardstick.period.shown': 'Period: {period} (times in UTC).',
    'yardstick.period.everything': 'all messages in the database',
    'yardstick.period.range': '{from} to {to}',
    'yardstick.period.since': 'from {from}',
    'yardstick.period.until': 'up to {to}',
    'yardstick.choose': 'Choose what to show',
    'yardstick.show': 'Show',
    'yardstick.noData':
      'No data yet for this period: Meetlat holds no messages or follower counts for {period}. Choose another period.',
    'yardstick.noDataAtAll':
      'No data yet: there are no messages in Meetlat yet. Once channels are connected or messages are imported, the figures appear here.',
    'yardstick.links.label': 'More of the yardstick',
    'yardstick.links.overview': 'National overview',
    'yardstick.links.map': 'Map by municipality',
    'yardstick.links.org': 'The figures of {org}',
    'yardstick.dutchOnly': 'The figures and their explanations are in Dutch.',
  },
);
