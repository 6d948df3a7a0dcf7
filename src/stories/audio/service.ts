// "Told aloud": a story may carry one recording, recorded in the browser or uploaded, with a transcript that
// must be there before the story is published, so it stays accessible and searchable. The file's real type
// and length are read from its contents, never taken from the browser's word.
import { parseBuffer } from 'music-metadata';
import type { Db } from '../../db/database.ts';
import { authorMayEdit } from '../workflow.ts';
import { findAuthoredStory } from '../writing/repository.ts';
import {
  type AudioType,
  audioFileOf,
  audioOf,
  audioSlice,
  putAudio,
  removeAudio,
  setTranscript,
} from './repository.ts';

/** Who is asking: the person, and the organisations they belong to now (a story elsewhere is not theirs to change). */
export interface AudioCaller {
  personId: string;
  orgIds: readonly string[];
}

export const audioLimits = { maxBytes: 25 * 1024 * 1024, maxSeconds: 60 * 60, maxTranscript: 50_000 } as const;

/** The container formats accepted, by what the file's own bytes say it is. */
function mediaTypeOf(container: string | undefined): AudioType | undefined {
  const c = (container ?? '').toLowerCase();
  if (c === 'wave') return 'audio/wav';
  if (c.includes('webm')) return 'audio/webm';
  if (c === 'ogg') return 'audio/ogg';
  if (c === 'mpeg') return 'audio/mpeg';
  if (c.includes('m4a') || c.includes('mp4') || c.includes('isom')) return 'audio/mp4';
  return undefined;
}

export type AudioCheck = { ok: true; mediaType: AudioType; durationSeconds: number } | { ok: false; problem: string };

/**
 * Whether the bytes are a recording Waymark keeps: a known audio format, at most 25 MB and an hour. A
 * recording made in the browser (WebM) often does not state its length; then the recorder's own measure,
 * sent with it, is used, within the same limits.
 */
export async function checkAudio(bytes: Buffer, recordedSeconds?: number): Promise<AudioCheck> {
  if (bytes.length === 0) return { ok: false, problem: 'Select a recording to upload' };
  if (bytes.length > audioLimits.maxBytes) return { ok: false, problem: 'The recording must be 25 MB or smaller' };
  let container: string | undefined;
  let duration: number | undefined;
  let hasAudio = false;
  try {
    const { format } = await parseBuffer(new Uint8Array(bytes), undefined, { duration: true, skipCovers: true });
    container = format.container;
    duration = format.duration;
    hasAudio = format.hasAudio !== false && !format.hasVideo;
  } catch {
    return { ok: false, problem: 'The file is not a recording Waymark can read. Use MP3, M4A, WAV, OGG or WebM' };
  }
  const mediaType = mediaTypeOf(container);
  if (!mediaType || !hasAudio) {
    return { ok: false, problem: 'The file is not a recording Waymark can read. Use MP3, M4A, WAV, OGG or WebM' };
  }
  const seconds = duration && Number.isFinite(duration) && duration > 0 ? duration : recordedSeconds;
  if (!seconds || !Number.isFinite(seconds) || seconds <= 0) {
    return { ok: false, problem: 'The recording has no sound in it, or its length cannot be read' };
  }
  if (seconds > audioLimits.maxSeconds) return { ok: false, problem: 'The recording must be an hour or shorter' };
  return { ok: true, mediaType, durationSeconds: Math.round(seconds * 100) / 100 };
}

export function storyAudioService(db: Db, { now = () => new Date() }: { now?: () => Date } = {}) {
  /** A story the person may add a recording to: one they wrote or co-wrote, while it is being drafted. */
  const editableStory = async (caller: AudioCaller, storyId: string) => {
    const story = await findAuthoredStory(db, caller.personId, caller.orgIds, storyId);
    return story && authorMayEdit(story.status) ? story : undefined;
  };

  return {
    /** The story with its recording's details, if the person may add or change the recording. */
    async forEditing(caller: AudioCaller, storyId: string) {
      const story = await editableStory(caller, storyId);
      if (!story) return undefined;
      return { story, audio: await audioOf(db, storyId) };
    },

    async upload(
      caller: AudioCaller,
      storyId: string,
      bytes: Buffer,
      recordedSeconds?: number,
    ): Promise<'not_found' | { problem: string } | 'saved'> {
      const story = await editableStory(caller, storyId);
      if (!story) return 'not_found';
      const checked = await checkAudio(bytes, recordedSeconds);
      if (!checked.ok) return { problem: checked.problem };
      await putAudio(db, { orgId: story.org_id, id: story.id }, { ...checked, bytes }, now());
      return 'saved';
    },

    async saveTranscript(caller: AudioCaller, storyId: string, transcript: string): Promise<'not_found' | 'saved'> {
      const story = await editableStory(caller, storyId);
      if (!story) return 'not_found';
      await setTranscript(db, { orgId: story.org_id, id: story.id }, transcript.trim(), now());
      return 'saved';
    },

    async remove(caller: AudioCaller, storyId: string): Promise<boolean> {
      const story = await editableStory(caller, storyId);
      if (!story) return false;
      await removeAudio(db, { orgId: story.org_id, id: story.id });
      return true;
    },

    /** Details for the story page; the caller has already checked the reader may see the story. */
    details: (storyId: string) => audioOf(db, storyId),
    /** The recording's type, size and version; the caller has already checked the reader may see the story. */
    file: (storyId: string) => audioFileOf(db, storyId),
    /** Part of the recording's bytes, for a player; undefined once that version is gone. */
    slice: (storyId: string, version: string, start: number, length: number) =>
      audioSlice(db, storyId, version, start, length),
  };
}

export type StoryAudioService = ReturnType<typeof storyAudioService>;
