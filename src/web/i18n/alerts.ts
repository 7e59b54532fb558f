import { catalogue } from './catalogue.ts';

/** Alerts on saved searches: notifications, their e-mail, and what is wrong with a rule. */
export const alerts = catalogue(
  {
    'alerts.spike.title': "Piek in '{search}'",
    'alerts.spike.body': "Piek in '{search}': {count} berichten in {window}, normaal ongeveer {baseline}.",
    'alerts.spike.bodyQuiet': "Piek in '{search}': {count} berichten in {window}, normaal bijna geen.",
    'alerts.window.hour': 'het afgelopen uur',
    'alerts.window.hours': 'de afgelopen {hours} uur',
    'alerts.window.minutes': 'de afgelopen {minutes} minuten',
    'alerts.term.title': "{terms} in '{search}'",
    'alerts.term.body': "Een bericht in '{search}' noemt {terms}: “{excerpt}”",
    'alerts.term.bodyMany': "{count} berichten in '{search}' noemen {terms}. Het eerste: “{excerpt}”",
    'alerts.email.subject': 'Meetlat: {title}',
    'alerts.email.intro': 'Een melding van Meetlat voor {organisation}.',
    'alerts.email.link': 'Bekijk de zoekopdracht in Meetlat: {url}',
    'alerts.email.footer':
      "U krijgt deze e-mail omdat dit adres is opgegeven bij een melding op de zoekopdracht '{search}'. U kunt de melding in Meetlat wijzigen of uitzetten bij die zoekopdracht.",
    'alerts.error.unknownKind': 'Kies een soort melding: een piek of signaalwoorden.',
    'alerts.error.range': 'Vul een getal in van {min} tot en met {max}.',
    'alerts.error.windowDivides':
      'Een venster moet een dag precies verdelen, zoals 15, 30, 60, 120 of 1440 minuten.',
    'alerts.error.noTerms': 'Vul ten minste één signaalwoord in, zoals brand of explosie.',
    'alerts.error.tooMany': 'Dit zijn er te veel: ten hoogste {max}.',
    'alerts.error.term': "Het signaalwoord '{term}' is zo geen zoekopdracht. {reason}",
    'alerts.error.termTooLong': "Het signaalwoord '{term}…' is te lang: ten hoogste {max} tekens.",
    'alerts.error.email': "'{value}' is geen geldig e-mailadres.",
    'alerts.error.webhookUrl':
      'Het adres van de webhook moet beginnen met https:// of http://, en mag geen gebruikersnaam of wachtwoord bevatten.',
  },
  {
    'alerts.spike.title': "Spike in '{search}'",
    'alerts.spike.body': "Spike in '{search}': {count} messages in {window}, usually about {baseline}.",
    'alerts.spike.bodyQuiet': "Spike in '{search}': {count} messages in {window}, usually hardly any.",
    'alerts.window.hour': 'the past hour',
    'alerts.window.hours': 'the past {hours} hours',
    'alerts.window.minutes': 'the past {minutes} minutes',
    'alerts.term.title': "{terms} in '{search}'",
    'alerts.term.body': "A message in '{search}' mentions {terms}: “{excerpt}”",
    'alerts.term.bodyMany': "{count} messages in '{search}' mention {terms}. The first: “{excerpt}”",
    'alerts.email.subject': 'Meetlat: {title}',
    'alerts.email.intro': 'An alert from Meetlat for {organisation}.',
    'alerts.email.link': 'See the search in Meetlat: {url}',
    'alerts.email.footer':
      "You receive this e-mail because this address was given for an alert on the search '{search}'. You can change or switch off the alert in Meetlat, at that search.",
    'alerts.error.unknownKind': 'Choose a kind of alert: a spike or signal words.',
    'alerts.error.range': 'Enter a number from {min} to {max}.',
    'alerts.error.windowDivides':
      'A window must divide a day exactly, such as 15, 30, 60, 120 or 1440 minutes.',
    'alerts.error.noTerms': 'Enter at least one signal word, such as fire or explosion.',
    'alerts.error.tooMany': 'These are too many: at most {max}.',
    'alerts.error.term': "The signal word '{term}' is no search as it stands. {reason}",
    'alerts.error.termTooLong': "The signal word '{term}…' is too long: at most {max} characters.",
    'alerts.error.email': "'{value}' is not a valid e-mail address.",
    'alerts.error.webhookUrl':
      'The webhook’s address must start with https:// or http://, without a user name or password in it.',
  },
);
