import { convert } from 'html-to-text';

/**
 * HTML as the text people read, for platforms that send HTML (Mastodon statuses, feed items):
 * paragraphs and line breaks kept, links as their text, images and scripts dropped. What comes
 * out is plain text and is only ever shown as text.
 */
export function htmlToText(html: string): string {
  return convert(html, {
    wordwrap: false,
    selectors: [
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'img', format: 'skip' },
      { selector: 'p', options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
    ],
  }).trim();
}
