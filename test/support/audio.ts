// Recordings for tests: a WAV file of silence (8 kHz, mono, 16-bit), with optional padding bytes in its
// data chunk to make it as large as a test needs.
export function silentWav(seconds: number, extraBytes = 0): Buffer {
  const data = Math.round(8000 * seconds) * 2 + extraBytes;
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(8000, 24);
  header.writeUInt32LE(16000, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(data, 40);
  return Buffer.concat([header, Buffer.alloc(data)]);
}
