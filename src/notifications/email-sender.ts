/** Sends plain-text email through the configured SMTP server (nodemailer). */
import nodemailer, { Transporter } from 'nodemailer';
import type { SendOutcome } from './webhook-http-sender';

export class EmailSender {
  private readonly transport: Transporter;

  constructor(smtpUrl: string, private readonly from: string, timeoutMs: number) {
    this.transport = nodemailer.createTransport(smtpUrl, { connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs } as never);
  }

  async send(to: string, subject: string, text: string, headers: Record<string, string>): Promise<SendOutcome> {
    const started = performance.now();
    try {
      await this.transport.sendMail({ from: this.from, to, subject, text, headers });
      return { ok: true, statusCode: null, error: null, latencyMs: Math.round(performance.now() - started) };
    } catch (error) {
      return { ok: false, statusCode: null, error: error instanceof Error ? error.message : String(error), latencyMs: Math.round(performance.now() - started) };
    }
  }

  close(): void {
    this.transport.close();
  }
}
