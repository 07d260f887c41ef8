/**
 * How one notification reads on each channel: a short title and a few sections of one-line items,
 * rendered as a Slack incoming-webhook message (Block Kit), a Feishu custom-bot `post`, or a
 * plain-text email. Short lines, the account first and links last, so it reads on a phone. Pure.
 */
import { createHmac } from 'node:crypto';
import type { DigestPayload, DigestReview, ReviewReminderPayload } from './digest-builder';
import type { NotificationKind } from './notification-events';

export interface MessageItem {
  text: string;
  url?: string;
}

export interface MessageSection {
  heading?: string;
  items: MessageItem[];
}

export interface MessageView {
  title: string;
  sections: MessageSection[];
}

const SLACK_TEXT_LIMIT = 3000;
const SLACK_HEADER_LIMIT = 150;
const SLACK_MAX_BLOCKS = 50;

function text(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
}

function reviewLine(line: DigestReview, showManager = false): MessageItem {
  const when =
    line.daysUntil < 0 ? `${-line.daysUntil} days overdue (${line.effectiveDate})` : line.daysUntil === 0 ? 'today' : `in ${line.daysUntil} days (${line.effectiveDate})`;
  const meeting = line.meetingAt ? 'meeting booked' : 'no meeting booked';
  const owner = showManager && line.managerName ? ` · ${line.managerName}` : '';
  return { text: `${line.accountName} · ${line.kind} ${when} · ${meeting}${owner}`, url: line.link };
}

function digestView(digest: DigestPayload): MessageView {
  const sections: MessageSection[] = [];
  const add = (heading: string, items: MessageItem[]) => {
    if (items.length > 0) sections.push({ heading: `${heading} (${items.length})`, items });
  };
  add('Overdue reviews', digest.overdue.map((line) => reviewLine(line)));
  add('Your team: reviews 14+ days overdue', digest.escalations.map((line) => reviewLine(line, true)));
  add('New alerts', digest.alerts.map((alert) => ({ text: `${alert.accountName} · ${alert.severity} · ${alert.title}`, url: alert.link })));
  add('Reviews in the next 14 days', digest.dueSoon.map((line) => reviewLine(line)));
  add('Book a meeting: due within 35 days, none booked', digest.nudges.map((line) => reviewLine(line)));
  add('Agendas ready', digest.agendasReady.map((line) => reviewLine(line)));
  add(
    'Renewals in the next 90 days',
    digest.renewals.map((renewal) => ({
      text: `${renewal.accountName} · ${renewal.renewalDate} (in ${renewal.daysToRenewal} days)${renewal.band ? ` · ${renewal.band}` : ''}${renewal.autoRenew ? ' · auto-renew' : ''}`,
      url: renewal.link,
    })),
  );
  return { title: `Account Health digest for ${digest.managerName}, ${digest.localDate}`, sections };
}

function reminderView(reminder: ReviewReminderPayload): MessageView {
  const whose = reminder.escalation ? ` (${reminder.managerName}'s account)` : '';
  return {
    title: `${reminder.escalation ? 'Escalation' : 'Overdue review'}: ${reminder.accountName}${whose}`,
    sections: [{ items: [{ text: `${reminder.kind} review due ${reminder.dueDate}, ${reminder.daysOverdue} days overdue, status ${reminder.status}`, url: reminder.link }] }],
  };
}

/** The readable view of any notification; unknown shapes fall back to their sentence or title. */
export function messageViewOf(kind: NotificationKind, data: Record<string, unknown>, baseUrl: string): MessageView {
  const accountLink = data.accountId ? `${baseUrl}/api/v1/accounts/${text(data.accountId)}/dashboard` : undefined;
  switch (kind) {
    case 'digest.daily':
      return digestView(data as unknown as DigestPayload);
    case 'review.reminder':
      return reminderView(data as unknown as ReviewReminderPayload);
    case 'sla.warning':
      return {
        title: `SLA warning: ${text(data.accountName)} ${text(data.ticketSeverity)} ticket ${text(data.ticketExternalId)}`,
        sections: [{ items: [{ text: text(data.sentence) || `${text(data.targetUsedPct)}% of the first-response target used`, url: accountLink }] }],
      };
    case 'account.turned_red':
      return { title: `${text(data.accountName)} turned red`, sections: [{ items: [{ text: text(data.sentence), url: accountLink }] }] };
    case 'alert.opened': {
      const facts = (data.facts ?? {}) as Record<string, unknown>;
      return { title: `Alert: ${text(data.accountName)} · ${text(data.title)}`, sections: [{ items: [{ text: text(facts.sentence) || text(data.title), url: accountLink }] }] };
    }
    case 'review.agenda_ready':
      return {
        title: `Agenda ready: ${text(data.accountName)} ${text(data.kind)} review`,
        sections: [{ items: [{ text: `Due ${text(data.dueDate)}${data.meetingAt ? `, meeting ${text(data.meetingAt)}` : ''}`, url: `${baseUrl}/api/v1/reviews/${text(data.reviewId)}/agenda` }] }],
      };
    case 'review.nudge':
      return {
        title: `Book a meeting: ${text(data.accountName)} ${text(data.kind)} review`,
        sections: [{ items: [{ text: `Due ${text(data.dueDate)} and no meeting is booked yet`, url: `${baseUrl}/api/v1/reviews/${text(data.reviewId)}` }] }],
      };
    case 'webhook.ping':
      return { title: 'Account Health: test message', sections: [{ items: [{ text: 'This subscription works.' }] }] };
  }
}

function slackEscape(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function truncate(value: string, limit: number): string {
  return value.length <= limit ? value : `${value.slice(0, limit - 1)}…`;
}

/** A Slack incoming-webhook message: `text` is the phone notification, `blocks` the message. */
export function slackMessage(view: MessageView): Record<string, unknown> {
  const blocks: Record<string, unknown>[] = [{ type: 'header', text: { type: 'plain_text', text: truncate(view.title, SLACK_HEADER_LIMIT), emoji: false } }];
  for (const section of view.sections) {
    const lines = section.items.map((item) => `• ${item.url ? `<${item.url}|${slackEscape(item.text)}>` : slackEscape(item.text)}`);
    const body = [section.heading ? `*${slackEscape(section.heading)}*` : null, ...lines].filter((line) => line !== null).join('\n');
    if (blocks.length >= SLACK_MAX_BLOCKS) break;
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(body, SLACK_TEXT_LIMIT) } });
  }
  return { text: view.title, blocks };
}

/**
 * A Feishu (Lark) custom-bot rich-text `post`. When the bot has a signing secret, Feishu expects
 * `timestamp` and `sign` = base64(HMAC-SHA256 keyed with "<timestamp>\n<secret>" over nothing).
 */
export function feishuMessage(view: MessageView, signing?: { secret: string; timestampSeconds: number }): Record<string, unknown> {
  const content: Record<string, unknown>[][] = [];
  for (const section of view.sections) {
    if (section.heading) content.push([{ tag: 'text', text: section.heading }]);
    for (const item of section.items) {
      content.push(item.url ? [{ tag: 'text', text: '• ' }, { tag: 'a', text: item.text, href: item.url }] : [{ tag: 'text', text: `• ${item.text}` }]);
    }
  }
  const message: Record<string, unknown> = { msg_type: 'post', content: { post: { en_us: { title: view.title, content } } } };
  if (signing) {
    message.timestamp = String(signing.timestampSeconds);
    message.sign = createHmac('sha256', `${signing.timestampSeconds}\n${signing.secret}`).update('').digest('base64');
  }
  return message;
}

/** A plain-text email: the title as subject, each item on its line with its link below. */
export function emailMessage(view: MessageView): { subject: string; text: string } {
  const parts: string[] = [];
  for (const section of view.sections) {
    if (section.heading) parts.push(section.heading, '-'.repeat(Math.min(section.heading.length, 60)));
    for (const item of section.items) parts.push(`- ${item.text}`, ...(item.url ? [`  ${item.url}`] : []));
    parts.push('');
  }
  parts.push('-- ', 'Account Health. You get this because you manage these accounts.');
  return { subject: view.title, text: parts.join('\n') };
}
