import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { batchInserter } from './sqlite-batch.mjs'

const INSERT = 'INSERT INTO t (a, b, c) VALUES (?, ?, ?)'
let db: Database.Database

afterEach(() => db?.close())

function open() {
  db = new Database(':memory:')
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER NOT NULL, b TEXT, c TEXT)')
  return batchInserter(db)
}

const rowsOf = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => [from + i, `b${from + i}`, (from + i) % 3 === 0 ? null : 'c'] as const)

describe('batchInserter', () => {
  it('inserts every row, in order, whatever the batch size (chunks of 64, 32 … 1)', () => {
    const insert = open()
    let total = 0
    for (const n of [0, 1, 2, 3, 17, 25, 63, 64, 65, 127, 128, 200, 1000]) {
      const rows = rowsOf(n, total)
      insert(INSERT, 3, rows.flat())
      total += n
    }
    const stored = db.prepare('SELECT a, b, c FROM t ORDER BY id').raw().all()
    expect(stored).toEqual(rowsOf(total))
  })

  it('runs as one transaction: a bad row anywhere stores none of the batch', () => {
    const insert = open()
    const rows: Array<readonly [number | null, string, string | null]> = rowsOf(70)
    rows[66] = [null, 'b', 'c'] // a NOT NULL violation in the last chunks
    expect(() => insert(INSERT, 3, rows.flat())).toThrow(/NOT NULL/)
    expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(0)
  })

  it('refuses what it cannot batch, with a clear message', () => {
    const insert = open()
    expect(() => insert(INSERT, 3, [1, 'b'])).toThrow(/2 values do not make rows of 3/)
    expect(() => insert('UPDATE t SET a = ?', 1, [1])).toThrow(/not a one-row INSERT/)
  })
})
