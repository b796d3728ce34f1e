/// <reference types="node" />
/**
 * Checking a file already on disk against its resource's size and checksums, before trusting it.
 */
import { readFile, stat } from 'node:fs/promises';
import type { Resource } from '../datasets/resources.js';
import { verifyResource } from '../download/fetch.js';
import { maxDownloadBytes } from '../download/limits.js';
import { gunzipNode, md5Node } from './download.js';

/**
 * Checks the file at `path` as a download would be checked: no larger than the resource can be (else it
 * is not read at all), then its md5 (or its decompressed md5, inflating at most the expected size).
 * Returns `null` when it is intact, else the reason.
 */
export async function verifyFile(path: string, resource: Resource): Promise<string | null> {
  const max = maxDownloadBytes(resource);
  const { size } = await stat(path);
  if (size > max) return `${size} bytes, more than the ${max} the file can be`;
  const buf = await readFile(path);
  return verifyResource(
    new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength),
    resource,
    md5Node,
    gunzipNode,
  );
}

/**
 * Refuses a file larger than `resource` can be (gzip'd or raw) before it is read, with `makeError`'s
 * error naming the path.
 */
export async function checkFileSize(
  path: string,
  resource: Resource,
  makeError: (message: string) => Error,
): Promise<void> {
  const max = maxDownloadBytes(resource);
  const { size } = await stat(path);
  if (size > max)
    throw makeError(`${path}: ${size} bytes, more than the ${max} this file can be (gzip'd or raw)`);
}
