import nodemailer from 'nodemailer';

/**
 * Outgoing mail (password reset links; later, hand-offs to departments) through SMTP. Configured
 * by `MEETLAT_SMTP_URL` (`smtp://user:pass@host:587`, `smtps://…` for TLS from the start) and
 * `MEETLAT_MAIL_FROM`; without them Meetlat sends no mail and says so where it would.
 */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

export function smtpMailer(url: string, from: string): Mailer {
  const transport = nodemailer.createTransport(url);
  return {
    async send(mail) {
      await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text });
    },
    close() {
      transport.close();
    },
  };
}

export function mailerFromEnv(env: NodeJS.ProcessEnv = process.env): Mailer | null {
  const url = env.MEETLAT_SMTP_URL?.trim();
  if (!url) return null;
  if (!/^smtps?:\/\//.test(url)) throw new Error('MEETLAT_SMTP_URL must start with smtp:// or smtps://');
  return smtpMailer(url, env.MEETLAT_MAIL_FROM?.trim() || 'Meetlat <meetlat@localhost>');
}
