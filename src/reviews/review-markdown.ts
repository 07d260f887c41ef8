/** Markdown renderings of the brief and the agenda. Pure. */
import type { CustomerAgenda, ReviewBrief } from './review-documents';

const KIND_LABELS: Record<string, string> = {
  EBR: 'Executive business review',
  QBR: 'Quarterly business review',
  operations: 'Operations review',
  renewal: 'Renewal review',
  post_incident: 'Post-incident review',
  risk: 'Risk review',
};

/** Markdown-significant characters in data (names, notes) are escaped so they read as text. */
function escape(text: string): string {
  return text.replace(/([\\`*_[\]<>#|])/g, '\\$1');
}

export function briefMarkdown(brief: ReviewBrief): string {
  const lines = [
    `# Internal brief: ${escape(brief.accountName)}`,
    '',
    `${KIND_LABELS[brief.kind] ?? brief.kind}, due ${brief.dueDate}${brief.meetingAt ? `, meeting ${brief.meetingAt}` : ''}. Period ${brief.period.from} to ${brief.period.to}.`,
  ];
  for (const section of brief.sections) {
    lines.push('', `## ${section.title}`, '');
    for (const point of section.points) lines.push(`- ${escape(point)}`);
  }
  return `${lines.join('\n')}\n`;
}

export function agendaMarkdown(agenda: CustomerAgenda): string {
  const lines = [
    `# ${agenda.title}: ${escape(agenda.accountName)}`,
    '',
    `${agenda.meetingAt ? `Meeting ${agenda.meetingAt}, ` : ''}${agenda.meetingMinutes} minutes. Period ${agenda.period.from} to ${agenda.period.to}.`,
  ];
  agenda.items.forEach((item, index) => {
    lines.push('', `## ${index + 1}. ${item.title} (${item.minutes} min)`, '');
    for (const point of item.points) lines.push(`- ${escape(point)}`);
  });
  return `${lines.join('\n')}\n`;
}
