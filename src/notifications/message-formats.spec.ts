import { emailMessage, feishuMessage, messageViewOf, slackMessage } from './message-formats';

const view = {
  title: 'Digest for Mia, 2026-11-23',
  sections: [
    { heading: 'Overdue reviews (1)', items: [{ text: 'Acme <Learning> & Co · QBR 3 days overdue', url: 'https://h.example.com/r/1' }] },
    { items: [{ text: 'plain line' }] },
  ],
};

describe('message formats', () => {
  it('renders Slack Block Kit: header, one mrkdwn section per section, escaped text, links as <url|text>', () => {
    expect(slackMessage(view)).toEqual({
      text: 'Digest for Mia, 2026-11-23',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'Digest for Mia, 2026-11-23', emoji: false } },
        { type: 'section', text: { type: 'mrkdwn', text: '*Overdue reviews (1)*\n• <https://h.example.com/r/1|Acme &lt;Learning&gt; &amp; Co · QBR 3 days overdue>' } },
        { type: 'section', text: { type: 'mrkdwn', text: '• plain line' } },
      ],
    });
  });

  it('keeps Slack within its limits (150-character header, 3000-character sections)', () => {
    const long = slackMessage({ title: 'x'.repeat(400), sections: [{ items: Array.from({ length: 500 }, (_, index) => ({ text: `line ${index} ${'y'.repeat(20)}` })) }] });
    const blocks = long.blocks as { text: { text: string } }[];
    expect(blocks[0].text.text.length).toBe(150);
    expect(blocks[1].text.text.length).toBeLessThanOrEqual(3000);
  });

  it('renders a Feishu post with links as a tags, unsigned without a secret', () => {
    expect(feishuMessage(view)).toEqual({
      msg_type: 'post',
      content: {
        post: {
          en_us: {
            title: 'Digest for Mia, 2026-11-23',
            content: [
              [{ tag: 'text', text: 'Overdue reviews (1)' }],
              [{ tag: 'text', text: '• ' }, { tag: 'a', text: 'Acme <Learning> & Co · QBR 3 days overdue', href: 'https://h.example.com/r/1' }],
              [{ tag: 'text', text: '• plain line' }],
            ],
          },
        },
      },
    });
  });

  it('signs a Feishu post as the bot expects: base64 HMAC-SHA256 keyed "<timestamp>\\n<secret>" over nothing', () => {
    const signed = feishuMessage(view, { secret: 'abc', timestampSeconds: 1700000000 });
    expect(signed).toMatchObject({ timestamp: '1700000000', sign: 'VIS10b0EBvzzSdFnuk4tznEmK5wHaruvf/WnViv2yR4=' });
  });

  it('renders a plain-text email with each link under its line', () => {
    expect(emailMessage(view)).toEqual({
      subject: 'Digest for Mia, 2026-11-23',
      text: [
        'Overdue reviews (1)',
        '-------------------',
        '- Acme <Learning> & Co · QBR 3 days overdue',
        '  https://h.example.com/r/1',
        '',
        '- plain line',
        '',
        '-- ',
        'Account Health. You get this because you manage these accounts.',
      ].join('\n'),
    });
  });

  it('reads every event type as a short title and a line', () => {
    const base = 'https://h.example.com';
    expect(messageViewOf('account.turned_red', { accountId: 'a1', accountName: 'Acme', sentence: 'Acme (enterprise) turned red: score 41.' }, base)).toEqual({
      title: 'Acme turned red',
      sections: [{ items: [{ text: 'Acme (enterprise) turned red: score 41.', url: 'https://h.example.com/api/v1/accounts/a1/dashboard' }] }],
    });
    expect(messageViewOf('review.nudge', { reviewId: 'r1', accountName: 'Acme', kind: 'QBR', dueDate: '2026-12-28' }, base).title).toBe('Book a meeting: Acme QBR review');
    expect(messageViewOf('review.agenda_ready', { reviewId: 'r1', accountName: 'Acme', kind: 'EBR', dueDate: '2026-12-28', meetingAt: null }, base).sections[0].items[0].url).toBe('https://h.example.com/api/v1/reviews/r1/agenda');
    expect(messageViewOf('alert.opened', { accountId: 'a1', accountName: 'Acme', title: 'Usage fell 40%', facts: { sentence: 'Minutes fell 40% over 28 days.' } }, base).sections[0].items[0].text).toBe('Minutes fell 40% over 28 days.');
  });
});
