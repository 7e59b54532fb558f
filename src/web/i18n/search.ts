import { catalogue } from './catalogue.ts';

/** Listening's search: what is wrong with a query (src/search/query/errors.ts) and its hint. */
export const search = catalogue(
  {
    'search.error.withHint': '{message} Tip: {hint}',
    'search.error.empty': 'Er staat niets om op te zoeken.',
    'search.error.empty.hint': 'Typ een of meer zoekwoorden, zoals afval of "niet opgehaald".',
    'search.error.unexpectedClose': 'Onverwacht ")" op positie {position}.',
    'search.error.unexpectedClose.hint':
      'Bij dit haakje sluiten hoort geen haakje openen. Haal het weg, of zet er eerder een "(" voor.',
    'search.error.missingClose': 'Het haakje "(" op positie {position} wordt niet gesloten.',
    'search.error.missingClose.hint':
      'Zet een ")" achter wat bij elkaar hoort, of haal het openingshaakje weg.',
    'search.error.emptyGroup': 'Lege haakjes op positie {position}.',
    'search.error.emptyGroup.hint': 'Zet zoekwoorden tussen de haakjes, of haal de haakjes weg.',
    'search.error.danglingOperator': 'Na {operator} op positie {position} komt geen zoekwoord.',
    'search.error.danglingOperator.hint': 'Zet na {operator} nog een zoekwoord, of haal {operator} weg.',
    'search.error.leadingOperator': '{operator} op positie {position} heeft geen zoekwoord ervoor.',
    'search.error.leadingOperator.hint':
      '{operator} staat tussen twee zoekwoorden, zoals afval {operator} vuilnis. Zet er een zoekwoord voor, of haal {operator} weg.',
    'search.error.doubleOperator': 'Twee operatoren achter elkaar op positie {position}: {first} {operator}.',
    'search.error.doubleOperator.hint': 'Zet tussen {first} en {operator} een zoekwoord, of haal er een weg.',
    'search.error.unterminatedQuote': 'Het aanhalingsteken op positie {position} wordt niet afgesloten.',
    'search.error.unterminatedQuote.hint':
      'Zet een " achter de laatste woorden die bij elkaar horen, zoals "niet opgehaald", of haal het aanhalingsteken weg.',
    'search.error.emptyPhrase': 'Tussen de aanhalingstekens op positie {position} staat geen woord.',
    'search.error.emptyPhrase.hint':
      'Zet de woorden die precies zo moeten voorkomen tussen de aanhalingstekens, zoals "niet opgehaald".',
    'search.error.badWildcard': 'Het sterretje in "{token}" op positie {position} kan zo niet.',
    'search.error.badWildcard.hint':
      'Een * staat aan het eind van een woord, na minstens 2 letters: vergunn* vindt vergunning en vergunningen.',
    'search.error.badDate': '"{value}" op positie {position} is geen geldige datum.',
    'search.error.badDate.hint': 'Schrijf de datum als JJJJ-MM-DD, zoals {field}:2025-03-31.',
    'search.error.unknownPlatform': 'Meetlat kent het platform "{value}" (op positie {position}) niet.',
    'search.error.unknownPlatform.hint': 'Kies een van deze platforms: {allowed}.',
    'search.error.unknownKind': 'Meetlat kent de soort bericht "{value}" (op positie {position}) niet.',
    'search.error.unknownKind.hint':
      'Kies een van deze soorten: {allowed}. De Nederlandse woorden kunnen ook, zoals kind:reactie of kind:bericht.',
    'search.error.badLanguage': '"{value}" op positie {position} is geen taalcode.',
    'search.error.badLanguage.hint': 'Gebruik een taalcode van 2 of 3 letters, zoals lang:nl of lang:en.',
    'search.error.emptyValue': 'Achter {field}: op positie {position} staat niets.',
    'search.error.emptyValue.hint':
      'Zet de waarde direct achter de dubbele punt, zonder spatie ertussen, zoals {example}.',
    'search.error.tooLong':
      'De zoekvraag is langer dan {max} tekens (het teveel begint op positie {position}).',
    'search.error.tooLong.hint': 'Maak de zoekvraag korter, of verdeel haar over meer zoekopdrachten.',
    'search.error.tooManyTerms':
      'De zoekvraag heeft meer dan {max} zoektermen (de eerste te veel staat op positie {position}).',
    'search.error.tooManyTerms.hint':
      'Gebruik minder zoekwoorden. Met een * zoekt u op het begin van een woord: vergunn* vindt alle vormen van vergunning.',
    'search.error.tooDeep': 'Meer dan {max} haakjes in elkaar, op positie {position}.',
    'search.error.tooDeep.hint': 'Haal haakjes weg die niets groeperen.',
    'search.notice.unknownField':
      '"{name}:" op positie {position} is geen zoekveld, dus is er op de tekst gezocht. Bedoelde u {suggestion}:?',
    'search.stopWordsOnly':
      'Deze zoekvraag bestaat alleen uit veelvoorkomende woorden (zoals de, het, een) en vindt daarom niets. Voeg een woord toe dat meer zegt, of zoek een woordgroep tussen aanhalingstekens.',
  },
  {
    'search.error.withHint': '{message} Hint: {hint}',
    'search.error.empty': 'There is nothing to search for.',
    'search.error.empty.hint': 'Type one or more search words, such as afval or "niet opgehaald".',
    'search.error.unexpectedClose': 'Unexpected ")" at position {position}.',
    'search.error.unexpectedClose.hint':
      'This closing parenthesis has no opening one. Remove it, or put a "(" before it.',
    'search.error.missingClose': 'The parenthesis "(" at position {position} is never closed.',
    'search.error.missingClose.hint':
      'Put a ")" after what belongs together, or remove the opening parenthesis.',
    'search.error.emptyGroup': 'Empty parentheses at position {position}.',
    'search.error.emptyGroup.hint': 'Put search words between the parentheses, or remove them.',
    'search.error.danglingOperator': 'No search word follows {operator} at position {position}.',
    'search.error.danglingOperator.hint': 'Add a search word after {operator}, or remove {operator}.',
    'search.error.leadingOperator': '{operator} at position {position} has no search word before it.',
    'search.error.leadingOperator.hint':
      '{operator} goes between two search words, as in afval {operator} vuilnis. Put a search word before it, or remove {operator}.',
    'search.error.doubleOperator': 'Two operators in a row at position {position}: {first} {operator}.',
    'search.error.doubleOperator.hint':
      'Put a search word between {first} and {operator}, or remove one of them.',
    'search.error.unterminatedQuote': 'The quotation mark at position {position} is never closed.',
    'search.error.unterminatedQuote.hint':
      'Put a " after the last words that belong together, as in "niet opgehaald", or remove the quotation mark.',
    'search.error.emptyPhrase': 'There is no word between the quotation marks at position {position}.',
    'search.error.emptyPhrase.hint':
      'Put the words that must appear exactly like that between the quotation marks, as in "niet opgehaald".',
    'search.error.badWildcard': 'The asterisk in "{token}" at position {position} cannot be used like that.',
    'search.error.badWildcard.hint':
      'A * goes at the end of a word, after at least 2 letters: vergunn* finds vergunning and vergunningen.',
    'search.error.badDate': '"{value}" at position {position} is not a valid date.',
    'search.error.badDate.hint': 'Write the date as YYYY-MM-DD, as in {field}:2025-03-31.',
    'search.error.unknownPlatform': 'Meetlat does not know the platform "{value}" (at position {position}).',
    'search.error.unknownPlatform.hint': 'Choose one of these platforms: {allowed}.',
    'search.error.unknownKind':
      'Meetlat does not know the kind of message "{value}" (at position {position}).',
    'search.error.unknownKind.hint':
      'Choose one of these kinds: {allowed}. The Dutch words work too, such as kind:reactie or kind:bericht.',
    'search.error.badLanguage': '"{value}" at position {position} is not a language code.',
    'search.error.badLanguage.hint': 'Use a language code of 2 or 3 letters, such as lang:nl or lang:en.',
    'search.error.emptyValue': 'Nothing follows {field}: at position {position}.',
    'search.error.emptyValue.hint': 'Put the value right after the colon, without a space, as in {example}.',
    'search.error.tooLong':
      'The query is longer than {max} characters (the excess starts at position {position}).',
    'search.error.tooLong.hint': 'Make the query shorter, or spread it over several searches.',
    'search.error.tooManyTerms':
      'The query has more than {max} search terms (the first one too many is at position {position}).',
    'search.error.tooManyTerms.hint':
      'Use fewer search words. A * searches for the start of a word: vergunn* finds every form of vergunning.',
    'search.error.tooDeep': 'More than {max} parentheses inside each other, at position {position}.',
    'search.error.tooDeep.hint': 'Remove parentheses that group nothing.',
    'search.notice.unknownField':
      '"{name}:" at position {position} is not a search field, so it was searched for as text. Did you mean {suggestion}:?',
    'search.stopWordsOnly':
      'This query consists only of very common words (such as de, het, een) and therefore finds nothing. Add a more telling word, or search for a phrase in quotation marks.',
  },
);
