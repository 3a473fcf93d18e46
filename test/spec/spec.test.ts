import { OPERATIONS } from '../../src/shared/operations';
import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import {
  FORMATS,
  SPEC_FILE,
  assertMatchesRequestSchema,
  assertMatchesResponseSchema,
  closedRequestSchema,
  closedSchemaErrors,
  componentSchema,
  connectionTestOperation,
  seedOperationIds,
  operation,
  operationIds,
  pathMatches,
  pathParams,
  requestSchemaErrors,
} from '../support/spec';
import { TelnyxStandIn } from '../support/telnyx-standin';

const CCID = 'v3:MdI91X4lWFEs7IgbBEOT9M4AigoY08M0WWZFISt1Yw2axZ_IiE4pqg';
const COMMAND_ID = '5f0b1f3e-6a3c-4c4e-9b8e-2f1d8f0a7c11';
const CLIENT_STATE = Buffer.from('{"flow":"ivr"}').toString('base64');

/** Asserts the body fails and that some error line matches each pattern. */
function assertRejected(operationId: string, body: unknown, ...patterns: RegExp[]): string[] {
  const errors = requestSchemaErrors(operationId, body);
  assert.notDeepEqual(errors, [], `${operationId} accepted ${JSON.stringify(body)}`);
  for (const p of patterns) {
    assert.ok(errors.some((e) => p.test(e)), `no error matching ${p} in:\n${errors.join('\n')}`);
  }
  assert.throws(() => assertMatchesRequestSchema(operationId, body), (err: Error) => {
    assert.equal(err.name, 'AssertionError');
    // Error lines are indented by two spaces in the message.
    for (const p of patterns) assert.match(err.message, new RegExp(p.source.replace(/^\^/, '^  '), 'm'));
    return true;
  });
  return errors;
}

describe('Telnyx request schemas (test/support/spec.ts)', () => {
  describe('data file', () => {
    it('has every operation the nodes use, with the exact method and path', () => {
      // Every operation a descriptor declares (src/shared/operations), and the connection test's GETs.
      const expected: Record<string, [string, string]> = {
        ...Object.fromEntries(Object.values(OPERATIONS).map((d) => [d.operationId, [d.method, d.path] as [string, string]])),
        GetUserBalance: ['GET', '/balance'],
        ListMessagingProfiles: ['GET', '/messaging_profiles'],
        ListCallControlApplications: ['GET', '/call_control_applications'],
        UpdateCallControlApplication: ['PATCH', '/call_control_applications/{id}'],
        UpdateMessagingProfile: ['PATCH', '/messaging_profiles/{id}'],
        FindTexmlApplications: ['GET', '/texml_applications'],
        UpdateTexmlApplication: ['PATCH', '/texml_applications/{id}'],
        // The example flows' conference and queue operations.
        CreateConference: ['POST', '/conferences'],
        JoinConference: ['POST', '/conferences/{id}/actions/join'],
        MuteConferenceParticipants: ['POST', '/conferences/{id}/actions/mute'],
        UnmuteConferenceParticipants: ['POST', '/conferences/{id}/actions/unmute'],
        HoldConferenceParticipants: ['POST', '/conferences/{id}/actions/hold'],
        UnholdConferenceParticipants: ['POST', '/conferences/{id}/actions/unhold'],
        LeaveConference: ['POST', '/conferences/{id}/actions/leave'],
        EndConference: ['POST', '/conferences/{id}/actions/end'],
        ListConferenceParticipants: ['GET', '/conferences/{conference_id}/participants'],
        ListQueueCalls: ['GET', '/queues/{queue_name}/calls'],
      };
      assert.equal(expected.DialCall[1], '/calls');
      assert.equal(expected.InitiateTexmlCall[1], '/texml/Accounts/{account_sid}/Calls');
      // And the 81 operations of the product's documents, which the telnyx-api node's test sends.
      assert.equal(seedOperationIds().length, 81);
      assert.deepEqual(operationIds().sort(), [...new Set([...Object.keys(expected), ...seedOperationIds()])].sort());
      for (const [id, [method, path]] of Object.entries(expected)) {
        const op = operation(id);
        assert.deepEqual([op.method, op.path], [method, path], id);
        if (method === 'POST' || method === 'PATCH') assert.equal(op.requestContentType, 'application/json', id);
      }
      assert.equal(connectionTestOperation(), 'GetUserBalance');
    });

    it('does not depend on ../shared: refs point only into its own $defs', () => {
      const text = fs.readFileSync(SPEC_FILE, 'utf8');
      assert.doesNotMatch(text, /#\/components\//);
      for (const m of text.matchAll(/"\$ref": "#\/\$defs\/([^"]+)"/g)) {
        assert.ok(componentSchema(m[1]) !== undefined, `dangling ref ${m[1]}`);
      }
      assert.doesNotMatch(text, /"(example|examples|discriminator|nullable|x-[a-z-]+)":/);
    });

    it('has a format validator for every format it uses', () => {
      const file = JSON.parse(fs.readFileSync(SPEC_FILE, 'utf8')) as { formats: string[] };
      assert.ok(file.formats.includes('uuid'));
      for (const f of file.formats) assert.ok(f in FORMATS, `no validator for format ${f}`);
    });

    it('unknown operationIds are an error, not a silent pass', () => {
      assert.throws(() => assertMatchesRequestSchema('SendSms', {}), /unknown operationId SendSms/);
    });
  });

  describe('valid bodies pass', () => {
    it('DialCall', () => {
      assertMatchesRequestSchema('DialCall', {
        to: '+15555550100',
        from: '+15555550199',
        connection_id: '1494404757140276705',
        from_display_name: 'Support',
        timeout_secs: 30,
        time_limit_secs: 600,
        answering_machine_detection: 'detect',
        client_state: CLIENT_STATE,
        command_id: COMMAND_ID,
        webhook_url: 'https://example.com/telnyx',
        webhook_url_method: 'POST',
        webhook_urls: { 'call.answered': 'https://example.com/answered' }, // a map: stays open
        custom_headers: [{ name: 'X-Flow', value: 'ivr' }],
        sip_headers: [{ name: 'User-to-User', value: '1234' }],
        billing_group_id: 'f5586561-8ff0-4291-a0ac-84fe544797bd',
      });
      // `to` is string or string[] (simultaneous ring).
      assertMatchesRequestSchema('DialCall', {
        to: ['+15555550100', 'sip:alice@example.com'],
        from: '+15555550199',
        connection_id: '1494404757140276705',
      });
    });

    it('SpeakCall', () => {
      assertMatchesRequestSchema('SpeakCall', {
        payload: 'Hello from Node-RED',
        voice: 'Telnyx.KokoroTTS.af',
        payload_type: 'text',
        service_level: 'premium',
        language: 'en-US',
        voice_settings: { type: 'telnyx', voice_speed: 1.25 },
        target_legs: 'self',
        client_state: CLIENT_STATE,
        command_id: COMMAND_ID,
      });
      assertMatchesRequestSchema('SpeakCall', {
        payload: '<speak>Hi</speak>',
        voice: 'female',
        service_level: 'basic',
        payload_type: 'ssml',
        loop: 2,
      });
    });

    it('SendMessage', () => {
      assertMatchesRequestSchema('SendMessage', {
        from: '+15555550199',
        to: '+15555550100',
        text: 'Hello',
        messaging_profile_id: '4001767e-ce0f-4cae-9d5f-0d5e636e7809',
        webhook_url: 'https://example.com/dlr',
        use_profile_webhooks: false,
        type: 'SMS',
        encoding: 'auto',
      });
      assertMatchesRequestSchema('SendMessage', {
        from: '+15555550199',
        to: '+15555550100',
        media_urls: ['https://example.com/cat.jpg'],
        subject: 'Cat',
        type: 'MMS',
        send_at: null, // type ["string","null"]
      });
      assertMatchesRequestSchema('SendMessage', { to: '+15555550100', text: 'Hi', send_at: '2026-08-01T10:00:00Z' });
    });

    it('InitiateTexmlCall: Url, Texml, or neither', () => {
      const base = { ApplicationSid: '1820429403429994010', From: '+15555550199', To: '+15555550100' };
      assertMatchesRequestSchema('InitiateTexmlCall', {
        ...base,
        Url: 'https://example.com/texml.xml',
        UrlMethod: 'GET',
        StatusCallback: 'https://example.com/status',
        StatusCallbackEvent: 'initiated completed',
        Timeout: 30,
        MachineDetection: 'Enable',
      });
      assertMatchesRequestSchema('InitiateTexmlCall', {
        ...base,
        Texml: '<?xml version="1.0" encoding="UTF-8"?><Response><Say>Hi</Say></Response>',
      });
      assertMatchesRequestSchema('InitiateTexmlCall', base);
    });

    it('the other call commands', () => {
      assertMatchesRequestSchema('AnswerCall', { client_state: CLIENT_STATE, command_id: COMMAND_ID });
      assertMatchesRequestSchema('AnswerCall', {});
      assertMatchesRequestSchema('HangupCall', { command_id: COMMAND_ID });
      assertMatchesRequestSchema('RejectCall', { cause: 'USER_BUSY', command_id: COMMAND_ID });
      assertMatchesRequestSchema('TransferCall', { to: '+15555550100', from: '+15555550199', timeout_secs: 20 });
      assertMatchesRequestSchema('BridgeCall', { call_control_id: CCID, park_after_unbridge: 'self' });
      assertMatchesRequestSchema('GatherCall', { minimum_digits: 1, maximum_digits: 4, terminating_digit: '#' });
      assertMatchesRequestSchema('GatherUsingSpeak', {
        payload: 'Press 1',
        voice: 'AWS.Polly.Joanna-Neural',
        valid_digits: '12',
        maximum_digits: 1,
      });
      assertMatchesRequestSchema('StartCallPlayback', { audio_url: 'https://example.com/a.mp3', loop: 'infinity' });
      assertMatchesRequestSchema('StopCallPlayback', { stop: 'all' });
      assertMatchesRequestSchema('SendDTMF', { digits: '1www2#', duration_millis: 250 });
      assertMatchesRequestSchema('StartCallRecord', { format: 'mp3', channels: 'single', play_beep: true });
      assertMatchesRequestSchema('StopCallRecording', {});
      assertMatchesRequestSchema('PauseCallRecording', { recording_id: '6e00ab49-9487-4364-8ad6-23965965afb2' });
      assertMatchesRequestSchema('ResumeCallRecording', {});
      assertMatchesRequestSchema('SendAlphanumericSenderIdMessage', {
        from: 'MyCompany',
        to: '+15557009000',
        text: 'Hi',
        messaging_profile_id: '4001767e-ce0f-4cae-9d5f-0d5e636e7809',
        webhook_url: null,
      });
    });

    it('GET operations take no body', () => {
      assertMatchesRequestSchema('GetUserBalance', undefined);
      assertRejected('GetUserBalance', {}, /takes no request body/);
    });
  });

  describe('invalid bodies fail with their instance paths', () => {
    it('missing required field: SpeakCall without voice', () => {
      assertRejected('SpeakCall', { payload: 'Hello' }, /^\/: must have required property 'voice'/);
    });

    it('required fields node authors must not forget', () => {
      assertRejected('DialCall', { to: '+15555550100', from: '+15555550199' }, /required property 'connection_id'/);
      assertRejected('RejectCall', {}, /required property 'cause'/);
      assertRejected('BridgeCall', {}, /required property 'call_control_id'/);
      assertRejected('SendDTMF', {}, /required property 'digits'/);
      assertRejected('StartCallRecord', { format: 'mp3' }, /required property 'channels'/);
      assertRejected('TransferCall', {}, /required property 'to'/);
      assertRejected('SendMessage', { text: 'Hi' }, /required property 'to'/);
      assertRejected(
        'SendAlphanumericSenderIdMessage',
        { from: 'MyCompany', to: '+15557009000', text: 'Hi' },
        /required property 'messaging_profile_id'/,
      );
      assertRejected('InitiateTexmlCall', { From: '+15555550199', To: '+15555550100' }, /required property 'ApplicationSid'/);
    });

    it('wrong enum: SpeakCall payload_type "html"', () => {
      assertRejected(
        'SpeakCall',
        { payload: 'Hello', voice: 'female', payload_type: 'html' },
        /^\/payload_type: must be equal to one of the allowed values \["text","ssml"\]/,
      );
      assertRejected('RejectCall', { cause: 'BUSY' }, /^\/cause: .*\["CALL_REJECTED","USER_BUSY"\]/);
    });

    it('wrong types and bounds', () => {
      assertRejected('DialCall', { to: 5, from: '+1', connection_id: 'x' }, /^\/to: must be string/);
      assertRejected('DialCall', { to: '+1', from: '+1', connection_id: 'x', time_limit_secs: 10 }, /^\/time_limit_secs: must be >= 30/);
      assertRejected('TransferCall', { to: '+1', timeout_secs: 2 ** 31 }, /^\/timeout_secs: must match format "int32"/);
      assertRejected('SpeakCall', { payload: 'x', voice: 'female', voice_settings: { type: 'telnyx', voice_speed: 3 } }, /^\/voice_settings\/voice_speed: must be <= 2/);
    });

    it('formats are checked: uuid, url, uri, date-time', () => {
      assertRejected('PauseCallRecording', { recording_id: 'rec-1' }, /^\/recording_id: must match format "uuid"/);
      assertRejected('SendMessage', { to: '+1', text: 'x', webhook_url: 'example.com/dlr' }, /^\/webhook_url: must match format "url"/);
      assertRejected('SendMessage', { to: '+1', text: 'x', send_at: 'tomorrow' }, /^\/send_at: must match format "date-time"/);
      assertRejected('DialCall', { to: '+1', from: '+1', connection_id: 'x', webhook_urls: { 'call.answered': '/relative' } }, /^\/webhook_urls\/call\.answered: must match format "uri"/);
    });

    it('invented field: SendMessage with body instead of text', () => {
      const body = { from: '+15555550199', to: '+15555550100', body: 'Hello' };
      assertRejected('SendMessage', body, /^\/: property "body" is not declared in the Telnyx spec/);
      // The plain spec accepts it: the check above is this module's closing rule at work.
      assert.deepEqual(requestSchemaErrors('SendMessage', body, { allowUndeclared: true }), []);
    });

    it('invented fields are caught at depth: array items, $ref, oneOf branches', () => {
      assertRejected(
        'DialCall',
        { to: '+1', from: '+1', connection_id: 'x', custom_headers: [{ name: 'X-A', value: '1', ttl: 5 }] },
        /^\/custom_headers\/0: property "ttl" is not declared/,
      );
      assertRejected(
        'SpeakCall',
        { payload: 'x', voice: 'Telnyx.KokoroTTS.af', voice_settings: { type: 'telnyx', speed: 1.2 } },
        /^\/voice_settings: property "speed" is not declared/,
      );
      assertRejected(
        'DialCall',
        { to: '+1', from: '+1', connection_id: 'x', answering_machine_detection_config: { total_analysis_millis: 1 } },
        /^\/answering_machine_detection_config: property "total_analysis_millis" is not declared/,
      );
      assertRejected('InitiateTexmlCall', { ApplicationSid: 'a', From: '+1', To: '+1', url: 'https://x' }, /property "url" is not declared/);
    });

    it('InitiateTexmlCall with both Url and Texml fails, as the spec says', () => {
      // The spec's own oneOf forbids the pair (each branch sets the other field to `not: {}`),
      // so this holds even without the closing rule. If a new spec drops the oneOf, the
      // second assertion fails and spec.ts needs an explicit rule.
      const both = {
        ApplicationSid: '1820429403429994010',
        From: '+15555550199',
        To: '+15555550100',
        Url: 'https://example.com/texml.xml',
        Texml: '<Response><Hangup/></Response>',
      };
      assertRejected('InitiateTexmlCall', both, /^\/: must match exactly one schema in oneOf/);
      assert.notDeepEqual(requestSchemaErrors('InitiateTexmlCall', both, { allowUndeclared: true }), []);
      const def = componentSchema('InitiateCallRequest') as { oneOf: { required?: string[] }[] };
      assert.deepEqual(def.oneOf.map((b) => b.required ?? []), [['Url'], ['Texml'], []]);
    });
  });

  describe('closing rule', () => {
    it('closes the request root but leaves maps and explicit additionalProperties alone', () => {
      const dial = closedRequestSchema('DialCall') as Record<string, unknown>;
      assert.equal(dial.unevaluatedProperties, false);
      assert.equal(dial.$ref, '#/$defs/CallRequest');
      // additionalProperties maps (webhook_urls) take any event name.
      assertMatchesRequestSchema('DialCall', {
        to: '+1',
        from: '+1',
        connection_id: 'x',
        webhook_retries_policies: { 'call.hangup': { retries_ms: [1000, 2000] } },
      });
      assertRejected(
        'DialCall',
        { to: '+1', from: '+1', connection_id: 'x', webhook_retries_policies: { 'call.hangup': { retries: [1000] } } },
        /^\/webhook_retries_policies\/call\.hangup: property "retries" is not declared/,
      );
    });

    it('does not close schemas that are not objects with declared properties', () => {
      // Loopcount is oneOf string|integer: nothing to close, both forms pass, others fail.
      assertMatchesRequestSchema('StartCallPlayback', { audio_url: 'https://e.x/a.mp3', loop: 3 });
      assertRejected('StartCallPlayback', { audio_url: 'https://e.x/a.mp3', loop: 1.5 }, /^\/loop: must match exactly one schema in oneOf/);
    });
  });

  describe('closing rule on compositions (synthetic schemas)', () => {
    const str = { type: 'string' };

    it('allOf: properties of every member count as declared', () => {
      const schema = { allOf: [{ properties: { a: str } }, { properties: { b: str } }] };
      assert.deepEqual(closedSchemaErrors(schema, { a: 'x', b: 'y' }), []);
      assert.deepEqual(closedSchemaErrors(schema, { a: 'x', b: 'y', c: 'z' }), ['/: property "c" is not declared in the Telnyx spec (#/unevaluatedProperties)']);
    });

    it('oneOf: only the matching branch declares properties', () => {
      const schema = {
        properties: { kind: { enum: ['a', 'b'] } },
        oneOf: [
          { properties: { kind: { const: 'a' }, a: str }, required: ['kind'] },
          { properties: { kind: { const: 'b' }, b: str }, required: ['kind'] },
        ],
      };
      assert.deepEqual(closedSchemaErrors(schema, { kind: 'a', a: 'x' }), []);
      assert.match(closedSchemaErrors(schema, { kind: 'a', b: 'x' }).join('\n'), /property "b" is not declared/);
    });

    it('recursive $refs are closed at every depth', () => {
      const defs = { Node: { type: 'object', properties: { name: str, children: { type: 'array', items: { $ref: '#/$defs/Node' } } } } };
      const root = { $ref: '#/$defs/Node' };
      assert.deepEqual(closedSchemaErrors(root, { name: 'a', children: [{ name: 'b', children: [] }] }, defs), []);
      assert.match(
        closedSchemaErrors(root, { name: 'a', children: [{ name: 'b', children: [{ nam: 'c' }] }] }, defs).join('\n'),
        /^\/children\/0\/children\/0: property "nam" is not declared/m,
      );
    });

    it('leaves open: explicit additionalProperties, free-form objects, anyOf with a free-form branch', () => {
      assert.deepEqual(closedSchemaErrors({ properties: { a: str }, additionalProperties: true }, { z: 1 }), []);
      assert.deepEqual(closedSchemaErrors({ properties: { meta: { type: 'object' } } }, { meta: { z: 1 } }), []);
      assert.deepEqual(closedSchemaErrors({ anyOf: [{ properties: { a: str }, required: ['a'] }, { type: 'object' }] }, { z: 1 }), []);
      // ...while a property-less scalar branch does not keep the object open.
      assert.notDeepEqual(closedSchemaErrors({ anyOf: [{ properties: { a: str } }, { type: 'string' }] }, { z: 1 }), []);
    });
  });

  describe('paths', () => {
    it('matches templates with one encoded segment per parameter', () => {
      assert.ok(pathMatches('SpeakCall', `/calls/${CCID}/actions/speak`));
      assert.ok(pathMatches('SpeakCall', `/v2/calls/${CCID}/actions/speak`));
      assert.ok(pathMatches('SpeakCall', `/calls/${encodeURIComponent(CCID)}/actions/speak?x=1`));
      assert.deepEqual(pathParams('SpeakCall', '/calls/v3%3Aabc/actions/speak'), { call_control_id: 'v3:abc' });
      assert.deepEqual(pathParams('InitiateTexmlCall', '/v2/texml/Accounts/acc-1/Calls'), { account_sid: 'acc-1' });
      assert.ok(pathMatches('DialCall', '/calls'));
    });

    it('rejects other paths, empty, split or unencoded parameters', () => {
      assert.ok(!pathMatches('SpeakCall', `/calls/${CCID}/actions/hangup`));
      assert.ok(!pathMatches('SpeakCall', '/calls//actions/speak'));
      assert.ok(!pathMatches('SpeakCall', '/calls/a/b/actions/speak'));
      assert.ok(!pathMatches('SpeakCall', '/calls/a b/actions/speak'));
      assert.ok(!pathMatches('SpeakCall', '/calls/a%zz/actions/speak'));
      assert.ok(!pathMatches('DialCall', '/calls/'));
      assert.ok(!pathMatches('SendMessage', '/messages/alphanumeric_sender_id'));
    });
  });

  describe('responses', () => {
    it('checks 200 bodies (open: extra fields allowed)', () => {
      assertMatchesResponseSchema('SpeakCall', { data: { result: 'ok' } });
      assertMatchesResponseSchema('DialCall', {
        data: {
          call_control_id: CCID,
          call_leg_id: '2dc6fc34-f9e0-11ea-b68e-02420a0f7768',
          call_session_id: '2dc1b3c8-f9e0-11ea-bc5a-02420a0f7768',
          is_alive: false,
          record_type: 'call',
          some_future_field: 1,
        },
      });
      assertMatchesResponseSchema('InitiateTexmlCall', { from: '+15555550199', status: 'queued', to: '+15555550100' });
      assertMatchesResponseSchema('GetUserBalance', {
        data: { record_type: 'balance', balance: '300.00', credit_limit: '100.00', available_credit: '400.00', pending: '10.00', currency: 'USD' },
      });
      assert.throws(
        () => assertMatchesResponseSchema('DialCall', { data: { call_control_id: CCID, is_alive: 'yes', record_type: 'call' } }),
        /\/data: must have required property 'call_leg_id'[\s\S]*\/data\/is_alive: must be boolean/,
      );
    });

    it("the stand-in's application lists and PATCH answers have the spec's shapes", async () => {
      const standIn = await new TelnyxStandIn().start();
      try {
        const kinds = [
          ['ListCallControlApplications', 'UpdateCallControlApplication', '/call_control_applications', { application_name: 'Renamed', webhook_event_url: 'https://example.com/a' }],
          ['ListMessagingProfiles', 'UpdateMessagingProfile', '/messaging_profiles', { webhook_url: 'https://example.com/b' }],
          ['FindTexmlApplications', 'UpdateTexmlApplication', '/texml_applications', { friendly_name: 'Renamed', voice_url: 'https://example.com/c' }],
        ] as const;
        for (const [list, update, collection, patch] of kinds) {
          assert.equal(operation(list).path, collection);
          const listed = await fetch(`${standIn.baseUrl}${collection}?page[size]=1&page[number]=2`).then((r) => r.json());
          assertMatchesResponseSchema(list, listed);
          assert.equal(listed.data.length, 1, `${collection}: page 2 of size 1`);
          assert.equal(listed.meta.total_pages, 2, `${collection}: two applications in two pages`);
          assertMatchesRequestSchema(update, patch);
          const id = listed.data[0].id as string;
          const url = `${standIn.baseUrl}${collection}/${encodeURIComponent(id)}`;
          assert.ok(pathMatches(update, url.slice(url.indexOf('/v2/'))));
          const changed = await fetch(url, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify(patch) });
          assert.equal(changed.status, 200);
          const body = await changed.json();
          assertMatchesResponseSchema(update, body);
          for (const [field, value] of Object.entries(patch)) assert.equal(body.data[field], value, `${collection}: ${field}`);
          const missing = await fetch(`${standIn.baseUrl}${collection}/404`, { method: 'PATCH', body: '{}' });
          assert.equal(missing.status, 404);
        }
      } finally {
        await standIn.close();
      }
    });
  });
});
