// Batched inserts for better-sqlite3, shared by the writer thread (sqlite-worker.mjs) and the
// in-thread store (sqlite.ts, for `:memory:`). Plain JavaScript for the same reason as the worker.
//
// A batch of N rows runs as multi-row INSERTs of 64, 32, 16 … 1 rows (N = 18 → 16 + 2), one
// transaction in all. Each statement costs a bind and a VM run whatever its size, so this spends a
// fifth to a third less CPU per report than one statement per row (measured standalone: commits of
// 18 reports into a table of a million rows, fsync included), with at most seven statements cached
// per SQL text.

/** Rows in the largest statement: 64 × 9 columns stays far below SQLite's parameter limit. */
const MAX_ROWS = 64
const ONE_ROW = /^INSERT INTO [\s\S]+ VALUES\s*(\(\s*\?(?:\s*,\s*\?)*\s*\))\s*$/i

/**
 * Returns `insert(sql, width, flat)`: runs `sql`, a one-row `INSERT … VALUES (?, …, ?)` of `width`
 * placeholders, for every `width` consecutive values of `flat`, in one transaction.
 * @param {import('better-sqlite3').Database} db
 * @returns {(sql: string, width: number, flat: ReadonlyArray<string | number | null>) => void}
 */
export function batchInserter(db) {
  /** @type {Map<string, import('better-sqlite3').Statement>} */
  const statements = new Map()
  const statement = (/** @type {string} */ sql, /** @type {number} */ rows) => {
    const key = `${rows} ${sql}`
    let stmt = statements.get(key)
    if (!stmt) {
      const tuple = ONE_ROW.exec(sql)?.[1]
      if (!tuple) throw new Error(`not a one-row INSERT … VALUES (?, …): ${sql.slice(0, 80)}`)
      stmt = db.prepare(sql + `, ${tuple}`.repeat(rows - 1))
      statements.set(key, stmt)
    }
    return stmt
  }
  return db.transaction((sql, width, flat) => {
    if (flat.length % width !== 0) throw new Error(`${flat.length} values do not make rows of ${width}`)
    let at = 0
    for (let rows = MAX_ROWS; rows >= 1; rows >>= 1) {
      const size = rows * width
      while (flat.length - at >= size) {
        statement(sql, rows).run(flat.slice(at, at + size))
        at += size
      }
    }
  })
}
