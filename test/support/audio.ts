// Recordings for tests: WAV files (8 kHz, mono, 16-bit) of silence, with optional padding bytes in the data
// chunk to make one as large as a test needs, or of a byte pattern, so any range of one can be checked.

/** A WAV file around `data`, its sound bytes. */
function wavOf(data: Buffer): Buffer {
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(8000, 24);
  header.writeUInt32LE(16000, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

export function silentWav(seconds: number, extraBytes = 0): Buffer {
  return wavOf(Buffer.alloc(Math.round(8000 * seconds) * 2 + extraBytes));
}

/** A WAV file whose sound bytes follow a pattern, so any range of it can be checked byte for byte. */
export function patternedWav(dataBytes: number): Buffer {
  const data = Buffer.alloc(dataBytes);
  for (let i = 0; i < dataBytes; i += 1) data[i] = (i * 7 + (i >> 8)) % 251;
  return wavOf(data);
}
