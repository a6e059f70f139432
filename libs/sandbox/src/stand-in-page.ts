import { textAt } from './payload-fields';
import { ReceivedWebhook } from './received-webhooks';
import { standInCards } from './stand-in-cards';

const REFRESH_SCRIPT = 'setTimeout(function(){location.reload()},2000);';

const STYLE = [
  'body{font-family:system-ui,sans-serif;margin:1.5em;color:#222}',
  'table{border-collapse:collapse;margin-bottom:2em;font-size:14px}',
  'th,td{border:1px solid #ccc;padding:4px 8px;text-align:left}',
  'th{background:#f0f0f0}',
  'td:first-child{white-space:nowrap}',
  'small{color:#666}',
].join('');

/**
 * The stand-in's page, newest first, reloading every 2 s: the cards as ELMA365 groups them (a card is call +
 * extension: one NotifyStart, at most one NotifyAnswer, one NotifyEnd), the card events as received, and finished
 * calls. The tables' ids and each row's `data-call-id` are stable hooks for the browser test
 * (test/sandbox-browser.e2e-spec.ts).
 */
export function renderStandInPage(received: readonly ReceivedWebhook[], refused: number): string {
  const newestFirst = [...received].reverse();
  const events = newestFirst.filter((w) => textAt(w.payload, 'kind') === 'event');
  const records = newestFirst.filter((w) => textAt(w.payload, 'kind') === 'record');
  const cards = standInCards(received).reverse();
  return `<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><title>ELMA365 stand-in</title><style>${STYLE}</style></head>
<body>
<h1>ELMA365 (заглушка) / ELMA365 stand-in</h1>
<p><small>Принято вебхуков / webhooks accepted: ${received.length}; отклонено (401) / refused (401): ${refused}.
Все показанные прошли проверку токена и подписи / every one shown passed the token and signature check.</small></p>
<h2>Карточки звонков / Live call cards</h2>
<p><small>Карточка — звонок + добавочный / a card is call + extension.</small></p>
${table(
  'live-cards',
  [
    'Открыта / Opened',
    'ID звонка / Call id',
    'Добавочный / Extension',
    'Направление / Direction',
    'Клиент / Client',
    'Ответ / Answered',
    'Закрыта / Closed',
    'Результат / Disposition',
    'Нарушение правила / Rule breach',
  ],
  cards.map((c) => [
    c.startedAt,
    c.callId,
    c.extension,
    c.direction,
    c.client,
    c.answeredAt,
    c.endedAt || 'открыта / open',
    c.disposition,
    c.breach,
  ]),
)}
<h2>События карточек / Card events</h2>
${table(
  'card-events',
  [
    'Время / Time',
    'ID звонка / Call id',
    'Событие / Event',
    'Направление / Direction',
    'Откуда / From',
    'Куда / To',
    'Карточка / Card',
    'Результат / Disposition',
  ],
  events.map((w) => [
    textAt(w.payload, 'event', 'at') || w.receivedAt,
    textAt(w.payload, 'callId'),
    textAt(w.payload, 'event', 'event'),
    textAt(w.payload, 'event', 'direction'),
    textAt(w.payload, 'event', 'srcPhone'),
    textAt(w.payload, 'event', 'dstPhone'),
    textAt(w.payload, 'card'),
    textAt(w.payload, 'event', 'disposition'),
  ]),
)}
<h2>Журнал звонков / Finished calls</h2>
${table(
  'call-log',
  [
    'Время / Time',
    'ID звонка / Call id',
    'Направление / Direction',
    'Откуда / From',
    'Куда / To',
    'Ответил / Answered by',
    'Результат / Disposition',
    'Длительность, с / Duration, s',
  ],
  records.map((w) => [
    textAt(w.payload, 'record', 'call', 'startedAt') || w.receivedAt,
    textAt(w.payload, 'callId'),
    textAt(w.payload, 'record', 'direction'),
    textAt(w.payload, 'record', 'srcPhone'),
    textAt(w.payload, 'record', 'dstPhone'),
    textAt(w.payload, 'record', 'call', 'answeredBy'),
    textAt(w.payload, 'record', 'disposition'),
    textAt(w.payload, 'record', 'duration'),
  ]),
)}
<script>${REFRESH_SCRIPT}</script>
</body></html>
`;
}

/** Every table shows the call id second; each row repeats it as `data-call-id`. */
const CALL_ID_COLUMN = 1;

function table(id: string, headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const head = `<tr>${headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>`;
  const body =
    rows.length === 0
      ? `<tr><td colspan="${headers.length}">пока ничего / nothing yet</td></tr>`
      : rows.map((row) => `<tr data-call-id="${escapeHtml(row[CALL_ID_COLUMN])}">${cells(row)}</tr>`).join('\n');
  return `<table id="${id}">\n${head}\n${body}\n</table>`;
}

function cells(row: readonly string[]): string {
  return row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('');
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
