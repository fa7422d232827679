-- Embeddings move from raw float32 bytes to pgvector's `vector`, so nearest-label, kNN and
-- find-similar queries run in the database (exactly, or through an HNSW index where one pays).
-- The column keeps no fixed dimension: models of different sizes share the table, and each model
-- version's index casts to its own dimension.
CREATE EXTENSION IF NOT EXISTS vector;
--> statement-breakpoint
-- Existing vectors are little-endian float32 bytes. Decoded exactly (sign, exponent, mantissa;
-- subnormals included) in SQL, because PostgreSQL has no bit cast from integer to real.
CREATE FUNCTION ct_float4le_bytes_to_vector(b bytea) RETURNS vector LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT array_agg(
      (CASE WHEN s = 1 THEN -1 ELSE 1 END) *
      (CASE WHEN e = 0 THEN m * 2::float8 ^ (-149) ELSE (8388608 + m) * 2::float8 ^ (e - 150) END)
      ORDER BY i)::real[]::vector
  FROM (
    SELECT i,
      get_byte(b, 4 * i + 3) >> 7 AS s,
      ((get_byte(b, 4 * i + 3) & 127) << 1) | (get_byte(b, 4 * i + 2) >> 7) AS e,
      ((get_byte(b, 4 * i + 2) & 127) << 16) | (get_byte(b, 4 * i + 1) << 8) | get_byte(b, 4 * i) AS m
    FROM generate_series(0, length(b) / 4 - 1) AS i
  ) AS f
$$;
--> statement-breakpoint
ALTER TABLE "embeddings" ALTER COLUMN "vector" SET DATA TYPE vector USING ct_float4le_bytes_to_vector("vector");
--> statement-breakpoint
DROP FUNCTION ct_float4le_bytes_to_vector(bytea);
