// Decodes a workflow history exported by the Temporal CLI (`temporal workflow show --output json`) for replay.
import { createRequire } from 'node:module';
import type { temporal } from '@temporalio/proto';

const require = createRequire(import.meta.url);

interface ProtoJson {
  fromJson(type: unknown, json: unknown, options: { ignoreUnknownFields: boolean }): unknown;
}

/**
 * The SDK's own `historyFromJSON` fails with "type must be a Type" in this install: npm gives @temporalio/common and
 * @temporalio/proto separate copies of protobufjs 8 (the root holds grpc's protobufjs 7), and protojson checks the
 * message type with `instanceof`. Decoding with the protobufjs copy that owns the History type avoids the mismatch.
 */
export function historyFromCliJson(json: unknown): temporal.api.history.v1.History {
  const protoEntry = require.resolve('@temporalio/proto');
  const protojson = createRequire(protoEntry)('protobufjs/ext/protojson') as ProtoJson;
  const proto: unknown = require('@temporalio/proto');
  const patcher = require('@temporalio/proto/lib/patch-protobuf-root') as {
    patchProtobufRoot: (root: unknown) => { lookupType: (name: string) => unknown };
  };
  const historyType = patcher.patchProtobufRoot(proto).lookupType('temporal.api.history.v1.History');
  const history = protojson.fromJson(historyType, json, { ignoreUnknownFields: true });
  if (history === null) throw new Error('history: not a Temporal history in proto JSON');
  return history as temporal.api.history.v1.History;
}
