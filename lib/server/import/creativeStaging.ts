import "server-only";
import { finished } from "node:stream/promises";
import { PGlite, type Transaction as PgliteTransaction } from "@electric-sql/pglite";
import { is, sql } from "drizzle-orm";
import { NodePgSession } from "drizzle-orm/node-postgres";
import { PgliteSession } from "drizzle-orm/pglite";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { Executor } from "../db";
import type { PreparedCreative } from "../data/creatives";
import { analyzeAfterBulkWrite } from "../data/statistics";
import { rowsOf } from "../data/taxonomies";
import { copyTextRow } from "./copyText";

/**
 * Validated rows on their way into the database. Rows are streamed into a temporary table of the
 * import's transaction (COPY, never one INSERT per row) and moved into `creatives` and
 * `suggestions` by a few set-based statements at the end, so the cost per row stays flat however
 * large the file is.
 */
export interface CreativeStaging {
  /**
   * Queues one row, found on `line` of the file; returns a promise only when the caller must wait
   * (a chunk is being sent), so the common case costs no await.
   */
  add(row: PreparedCreative, line: number): Promise<void> | undefined;
  /** Rows handed to the database so far. */
  readonly staged: number;
  /** Sends what is left and writes the staged rows into the dataset; returns how many changed. */
  merge(datasetId: number): Promise<{ written: number }>;
  /** Gives up on the staging (bad file, cancel), leaving the connection ready for the rollback. */
  abandon(reason: Error): Promise<void>;
}

/** The staging table's columns, in COPY order. */
const stagingColumns = `line, external_id, text, image_ref, metadata, content_hash, model_version,
  predicted_value, predicted_label_id, predicted_score, generative_value, generative_label_id`;

/** PGlite gets rows in chunks of about this many characters: one COPY per chunk. */
const pgliteChunkChars = 4 * 1024 * 1024;
/** PostgreSQL gets rows in writes of about this many characters on its COPY stream. */
const postgresChunkChars = 64 * 1024;

/**
 * Opens the staging for an import. Must run inside the import's transaction: the staging table is
 * dropped on commit, and on a rollback nothing staged ever reaches the dataset.
 */
export async function openCreativeStaging(tx: Executor): Promise<CreativeStaging> {
  const connection = driverConnectionOf(tx);
  await tx.execute(
    sql.raw(`create temporary table creative_import_staging (
      line integer not null, external_id text not null, text text not null, image_ref text,
      metadata jsonb not null, content_hash text not null, model_version text not null,
      predicted_value text, predicted_label_id integer, predicted_score double precision,
      generative_value text, generative_label_id integer
    ) on commit drop`),
  );
  const sink =
    connection.engine === "postgres"
      ? postgresSink(connection.client)
      : pgliteSink(connection.client);
  let pending = "";
  let staged = 0;
  const send = async () => {
    const chunk = pending;
    pending = "";
    if (chunk) await sink.write(chunk);
  };
  return {
    add(row, line) {
      pending += copyTextRow([
        line,
        row.externalId,
        row.text,
        row.imageRef,
        JSON.stringify(row.metadata),
        row.contentHash,
        row.modelVersion,
        row.predictedLabel,
        row.predictedLabelId,
        row.predictedScore,
        row.generativeLabel,
        row.generativeLabelId,
      ]);
      staged++;
      return pending.length >= sink.chunkChars ? send() : undefined;
    },
    get staged() {
      return staged;
    },
    async merge(datasetId) {
      await send();
      await sink.end();
      return mergeStagedCreatives(tx, datasetId);
    },
    abandon: (reason) => sink.abandon(reason),
  };
}

interface CopySink {
  chunkChars: number;
  write(chunk: string): Promise<void>;
  end(): Promise<void>;
  abandon(reason: Error): Promise<void>;
}

/**
 * PostgreSQL: one `COPY ... FROM STDIN` stream for the whole file, so the server stores rows while
 * the next ones are parsed and validated. Backpressure keeps at most a few chunks in memory.
 */
function postgresSink(client: pg.PoolClient): CopySink {
  const stream = client.query(
    copyFrom(`copy creative_import_staging (${stagingColumns}) from stdin`),
  );
  let failure: Error | undefined;
  stream.on("error", (error) => (failure ??= error));
  const done = finished(stream).catch((error: Error) => {
    failure ??= error;
  });
  return {
    chunkChars: postgresChunkChars,
    async write(chunk) {
      if (failure) throw failure;
      if (!stream.write(chunk)) {
        await Promise.race([
          new Promise<void>((resolve) => stream.once("drain", resolve)),
          done.then(() => {
            throw failure ?? new Error("the database closed the import stream");
          }),
        ]);
      }
    },
    async end() {
      if (failure) throw failure;
      stream.end();
      await done;
      if (failure) throw failure;
    },
    async abandon(reason) {
      // Ends the COPY with CopyFail: until then the connection cannot run the rollback.
      if (!stream.writableFinished && !stream.destroyed) stream.destroy(reason);
      await done;
    },
  };
}

/**
 * PGlite: its COPY reads a blob, so rows go in chunks of a few megabytes: one statement per chunk
 * with no bind parameters to serialise, the same staging as PostgreSQL, and memory bounded by the
 * chunk.
 */
function pgliteSink(client: PgliteTransaction): CopySink {
  const encoder = new TextEncoder();
  return {
    chunkChars: pgliteChunkChars,
    async write(chunk) {
      await client.query(`copy creative_import_staging (${stagingColumns}) from '/dev/blob'`, [], {
        blob: new Blob([encoder.encode(chunk)]),
      });
    },
    end: async () => undefined,
    abandon: async () => undefined,
  };
}

/**
 * Writes the staged rows into the dataset in three statements: upsert the creatives (a row whose
 * content hash is unchanged is not touched, so a re-import is a no-op; a changed one gets its
 * imported text back, `text_source = 'imported'`), drop the replaced classifier and generative
 * suggestions of the changed ones, and insert the new suggestions of every written row.
 */
async function mergeStagedCreatives(tx: Executor, datasetId: number): Promise<{ written: number }> {
  await tx.execute(sql`analyze creative_import_staging`);
  await tx.execute(sql`
    create temporary table creative_import_written (
      id integer not null, external_id text not null, inserted boolean not null
    ) on commit drop`);
  await tx.execute(sql`
    with upserted as (
      insert into creatives as c (dataset_id, external_id, text, image_ref, metadata, content_hash)
      select ${datasetId}, s.external_id, s.text, s.image_ref, s.metadata, s.content_hash
      from creative_import_staging s
      order by s.line
      on conflict (dataset_id, external_id) do update set
        text = excluded.text, text_source = 'imported', image_ref = excluded.image_ref,
        metadata = excluded.metadata, content_hash = excluded.content_hash, updated_at = now()
      where c.content_hash <> excluded.content_hash
      returning c.id, c.external_id, (c.xmax = 0) as inserted
    )
    insert into creative_import_written (id, external_id, inserted)
    select id, external_id, inserted from upserted`);
  await tx.execute(sql`analyze creative_import_written`);
  await tx.execute(sql`
    delete from suggestions x using creative_import_written w
    where x.creative_id = w.id and not w.inserted and x.source in ('classifier', 'generative')`);
  await tx.execute(sql`
    insert into suggestions (creative_id, source, value, label_id, score, model_version)
    select w.id, 'classifier', s.predicted_value, s.predicted_label_id, s.predicted_score,
      s.model_version
    from creative_import_written w join creative_import_staging s using (external_id)
    where s.predicted_value is not null
    union all
    select w.id, 'generative', s.generative_value, s.generative_label_id, null, s.model_version
    from creative_import_written w join creative_import_staging s using (external_id)
    where s.generative_value is not null`);
  const [count] = rowsOf<{ n: number }>(
    await tx.execute(sql`select count(*)::int as n from creative_import_written`),
  );
  const written = count?.n ?? 0;
  await analyzeAfterBulkWrite(tx, ["creatives", "suggestions"], written);
  return { written };
}

type DriverConnection =
  { engine: "postgres"; client: pg.PoolClient } | { engine: "pglite"; client: PgliteTransaction };

/**
 * The driver connection under a Drizzle transaction. COPY is not part of Drizzle's API, and it must
 * run on the transaction's own connection (a pooled one would see neither the staging table nor
 * the transaction); Drizzle keeps that connection in its session, untyped, hence the narrow cast.
 */
function driverConnectionOf(tx: Executor): DriverConnection {
  const session = tx._.session;
  const { client } = session as unknown as { client: unknown };
  if (client instanceof pg.Pool || client instanceof PGlite)
    throw new Error("creative staging must run inside the import's transaction");
  if (is(session, NodePgSession)) return { engine: "postgres", client: client as pg.PoolClient };
  if (is(session, PgliteSession)) return { engine: "pglite", client: client as PgliteTransaction };
  throw new Error("creative staging supports PostgreSQL (node-postgres) and PGlite only");
}
