// Record ids as addresses and forms carry them. Every record's id is a UUID, so anything else names no
// record: a route answers 404 at once, and never hands PostgreSQL a value its uuid type would refuse.
import { z } from 'zod';

const recordId = z.uuid();

/** Whether `value` can be a record's id (a UUID); the one check every route makes before looking one up. */
export const isRecordId = (value: unknown): value is string => recordId.safeParse(value).success;
