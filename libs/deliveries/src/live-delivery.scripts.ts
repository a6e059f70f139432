/**
 * The live card ledger's atomic steps, run inside Redis. Per (call, target) two hashes: `m` holds each row's state
 * as JSON under `s:<seq>` (scalars only: cjson would turn an empty array of a payload into an object) and the field
 * `record` once the call's record went out; `p` holds the payloads under `<seq>`, untouched by Lua. KEYS[3] is the
 * set of (call, target) pairs with a pending row, for the sweeper. Times are Redis's clock, in milliseconds.
 */

/** Shared by the scripts: Redis's time, and the pending index brought up to date after a change. */
const PRELUDE = `
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local function rows(key)
  local all, out = redis.call('HGETALL', key), {}
  for i = 1, #all, 2 do
    if string.sub(all[i], 1, 2) == 's:' then out[#out + 1] = cjson.decode(all[i + 1]) end
  end
  return out
end
local function reindex(meta, pending, member)
  for _, r in ipairs(rows(meta)) do
    if r.status == 'pending' then redis.call('SADD', pending, member) return end
  end
  redis.call('SREM', pending, member)
end
local function keep(ttl)
  redis.call('EXPIRE', KEYS[1], ttl)
  redis.call('EXPIRE', KEYS[2], ttl)
end
`;

/**
 * ARGV: seq, allowed statuses (comma-separated), changes JSON, count an attempt ('1'), set deliveredAt ('1'), set
 * attemptStartedAt unless set ('1'), index member, ttl s. 1 when the row was in an allowed status and changed.
 */
const UPDATE_FUNCTION = `
local function update_row()
  local field = 's:' .. ARGV[1]
  local raw = redis.call('HGET', KEYS[1], field)
  if not raw then return 0 end
  local row = cjson.decode(raw)
  local allowed = false
  for s in string.gmatch(ARGV[2], '[^,]+') do
    if row.status == s then allowed = true end
  end
  if not allowed then return 0 end
  for k, v in pairs(cjson.decode(ARGV[3])) do row[k] = v end
  local now = now_ms()
  if ARGV[4] == '1' then row.attempts = row.attempts + 1 end
  if ARGV[5] == '1' then row.deliveredAt = now end
  if ARGV[6] == '1' and row.attemptStartedAt == cjson.null then row.attemptStartedAt = now end
  row.updatedAt = now
  redis.call('HSET', KEYS[1], field, cjson.encode(row))
  reindex(KEYS[1], KEYS[3], ARGV[7])
  keep(tonumber(ARGV[8]))
  return 1
end
`;

export const UPDATE_ROW = `${PRELUDE}${UPDATE_FUNCTION}
return update_row()
`;

/**
 * Drops a card whose phone stopped ringing before its NotifyStart (ARGV[1]) could go: nothing when a send of it
 * began, it is not pending, or the phone still rings (no later NotifyEnd of the card, nor a NotifyAnswer once the
 * NotifyStart waited the grace). Skips its pending rows up to the same extension's next NotifyStart with the reason.
 * ARGV: seq, reason, grace ms, index member, ttl s. Returns the skipped rows' event keys.
 */
export const DROP_STALE_CARD = `${PRELUDE}
local raw = redis.call('HGET', KEYS[1], 's:' .. ARGV[1])
if not raw then return {} end
local start = cjson.decode(raw)
if start.status ~= 'pending' or start.attemptStartedAt ~= cjson.null or start.card == cjson.null
  or start.event ~= 'NotifyStart' then return {} end
local now = now_ms()
local all = rows(KEYS[1])
local over, nextStart = false, nil
for _, r in ipairs(all) do
  if r.card == start.card and r.seq > start.seq then
    if r.event == 'NotifyEnd' or (r.event == 'NotifyAnswer' and start.createdAt < now - tonumber(ARGV[3])) then
      over = true
    end
    if r.event == 'NotifyStart' and (nextStart == nil or r.seq < nextStart) then nextStart = r.seq end
  end
end
if not over then return {} end
local dropped = {}
for _, r in ipairs(all) do
  if r.card == start.card and r.status == 'pending' and r.seq >= start.seq and (nextStart == nil or r.seq < nextStart) then
    r.status = 'skipped'
    r.lastError = ARGV[2]
    r.updatedAt = now
    redis.call('HSET', KEYS[1], 's:' .. r.seq, cjson.encode(r))
    dropped[#dropped + 1] = r.eventKey
  end
end
reindex(KEYS[1], KEYS[3], ARGV[4])
keep(tonumber(ARGV[5]))
return dropped
`;

/**
 * The call's row states (HGETALL of the state hash, the `record` and `durable` flags among them) and one payload:
 * of row `wanted` (a seq), of the earliest pending row ('first-pending'), or none ('').
 */
const READ_FUNCTION = `
local function read_call(wanted)
  local all = redis.call('HGETALL', KEYS[1])
  local seq = wanted
  if seq == 'first-pending' then
    local first = nil
    for i = 1, #all, 2 do
      if string.sub(all[i], 1, 2) == 's:' then
        local r = cjson.decode(all[i + 1])
        if r.status == 'pending' and (first == nil or r.seq < first) then first = r.seq end
      end
    end
    seq = first and tostring(first) or ''
  end
  local payload = false
  if seq ~= '' then payload = redis.call('HGET', KEYS[2], seq) end
  return { all, payload }
end
`;

/** Adds a row unless its seq is known (a repeat changes nothing). ARGV: seq, row JSON, payload JSON, member, ttl s. */
const ADD_FUNCTION = `
local function add_row()
  local row = cjson.decode(ARGV[2])
  row.createdAt = now_ms()
  if redis.call('HSETNX', KEYS[1], 's:' .. ARGV[1], cjson.encode(row)) == 0 then return end
  redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
  redis.call('SADD', KEYS[3], ARGV[4])
  keep(tonumber(ARGV[5]))
end
`;

/** ARGV: as read_call's `wanted`. */
export const READ_CALL = `${READ_FUNCTION}
return read_call(ARGV[1])
`;

/**
 * Settles a row (ARGV as UPDATE_ROW's), then reads the call as READ_CALL does for the earliest pending row: the
 * settle and the call's next turn in one round trip. Answers { changed, state pairs, payload }.
 */
export const UPDATE_ROW_AND_READ_TURN = `${PRELUDE}${UPDATE_FUNCTION}${READ_FUNCTION}
local changed = update_row()
local call = read_call('first-pending')
return { changed, call[1], call[2] }
`;

/**
 * Notes that the call's record reached the target (ARGV: ttl s), then reads the call as READ_CALL does for the
 * earliest pending row.
 */
export const NOTE_RECORD_AND_READ_TURN = `${READ_FUNCTION}
redis.call('HSET', KEYS[1], 'record', '1')
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[1]))
return read_call('first-pending')
`;

/** Adds the row (ARGV as ADD_FUNCTION's), then answers as READ_CALL for the earliest pending row: one round trip. */
export const ADD_ROW_AND_READ_TURN = `${PRELUDE}${READ_FUNCTION}${ADD_FUNCTION}
add_row()
return read_call('first-pending')
`;
