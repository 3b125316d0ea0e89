import type { CloudEvent } from '@cortex-os/kernel';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeEvent, eventFields, parseEntries, parseMultiReadReply, parseReadReply } from '../src/streamEntry.js';

const cloudEvent: fc.Arbitrary<CloudEvent> = fc.record(
  {
    specversion: fc.constant('1.0' as const),
    id: fc.string({ minLength: 1 }),
    source: fc.string({ minLength: 1 }),
    type: fc.stringMatching(/^[a-z]+(\.[a-z]+)*$/),
    time: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
    datacontenttype: fc.constant('application/json' as const),
    subject: fc.string(),
    correlationid: fc.string(),
    data: fc.jsonValue(),
  },
  { requiredKeys: ['specversion', 'id', 'source', 'type', 'time', 'datacontenttype', 'data'] },
);

/** An entry as Redis (RESP2) returns it: `[id, [field, value, …]]`. */
const asReply = (id: string, fields: string[]): [string, string[]] => [id, fields];

describe('stream entries', () => {
  it('round-trip every event through its fields and an XREAD reply, its origin alongside and nothing else', () => {
    fc.assert(
      fc.property(cloudEvent, fc.uuid(), (event, origin) => {
        const reply = [['stream', [asReply('1-0', eventFields(event, origin))]]];
        const [entry] = parseReadReply(reply);
        expect(entry?.fields['origin']).toBe(origin);
        expect(Object.keys(entry?.fields ?? {})).toEqual(['origin', 'event']);
        expect(decodeEvent('stream', entry as NonNullable<typeof entry>)).toEqual(JSON.parse(JSON.stringify(event)));
      }),
      { seed: 20, numRuns: 300 },
    );
  });

  it('never throw on arbitrary replies: unknown shapes give no entries, malformed entries a typed error', () => {
    fc.assert(
      fc.property(fc.anything(), (reply) => {
        for (const entry of [...parseEntries(reply), ...parseReadReply(reply)]) {
          try {
            decodeEvent('s', entry);
          } catch (error) {
            expect(error).toMatchObject({ code: 'EVENTS_ENTRY_MALFORMED' });
          }
        }
      }),
      { seed: 21, numRuns: 500 },
    );
  });

  it('skip deleted entries (null fields) and an empty or timed-out read', () => {
    expect(parseEntries([['1-0', null], asReply('2-0', ['a', '1'])])).toEqual([{ id: '2-0', fields: { a: '1' } }]);
    expect(parseReadReply(null)).toEqual([]);
    expect(parseReadReply([])).toEqual([]);
  });

  it('reject entries that are not events with EVENTS_ENTRY_MALFORMED, naming the problem', () => {
    const cases: [Record<string, string>, string][] = [
      [{}, 'no `event` field'],
      [{ event: '{' }, 'the `event` field is not JSON'],
      [{ event: '{"id":1,"type":"a","source":"s"}' }, 'the `event` field lacks a string id, type or source'],
      [{ event: 'null' }, 'the `event` field lacks a string id, type or source'],
    ];
    for (const [fields, problem] of cases) {
      expect(() => decodeEvent('s', { id: '7-0', fields })).toThrow(`Stream entry 7-0 of "s" is not a Cortex-OS event: ${problem}`);
    }
  });

  it("split a multi-stream XREAD reply by stream, keeping each stream's order", () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.stringMatching(/^[a-z:]{1,12}$/), fc.array(fc.nat(), { maxLength: 5 }), { minKeys: 1, maxKeys: 4 }),
        (streams) => {
          const reply = Object.entries(streams).map(([stream, ids]) => [stream, ids.map((n) => asReply(`${n}-0`, ['event', '{}']))]);
          const parsed = parseMultiReadReply(reply);
          expect(parsed.map(([stream, entries]) => [stream, entries.map((e) => Number.parseInt(e.id, 10))])).toEqual(
            Object.entries(streams),
          );
        },
      ),
      { seed: 20 },
    );
    expect(parseMultiReadReply(null)).toEqual([]);
    expect(parseMultiReadReply([['s', 'junk'], 7])).toEqual([['s', []]]);
  });
});
