import type pg from "pg";
import { pool } from "../db";

/** Any fixed number: the advisory lock every Hookwarden instance asks for. */
const LEADER_LOCK = 0x686b_6774; // "hkgt"
let leader: pg.PoolClient | null = null;

/**
 * Whether this process evaluates traffic and moves breakers: one instance at a time does, the one
 * holding a PostgreSQL advisory lock on a connection it keeps. If that process dies, its
 * connection closes, the lock goes with it, and another instance takes over at its next tick.
 * Every instance still flushes its own counts and refreshes what intake keeps in memory.
 */
export async function isGatekeeperLeader(): Promise<boolean> {
  if (leader) {
    try {
      await leader.query("SELECT 1");
      return true;
    } catch {
      leader.release(true);
      leader = null;
    }
  }
  const client = await pool().connect();
  try {
    const result = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1) AS locked", [LEADER_LOCK]);
    if (result.rows[0]?.locked) {
      leader = client;
      return true;
    }
  } catch (error) {
    client.release(true);
    throw error;
  }
  client.release();
  return false;
}

/** Gives the lock up (shutdown, tests). */
export async function releaseGatekeeperLeadership(): Promise<void> {
  if (!leader) return;
  const client = leader;
  leader = null;
  await client.query("SELECT pg_advisory_unlock($1)", [LEADER_LOCK]).catch(() => undefined);
  client.release();
}
