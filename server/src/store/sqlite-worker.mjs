// A SQLite connection on its own thread (see sqlite.ts for why). Plain JavaScript on purpose: it
// must load in any runtime that starts the server (tsx, plain node, Vitest's workers) without a
// TypeScript loader. It knows no schema: the main thread sends SQL and parameters.
//
// Messages in:  { id, op: 'batch', sql, width, flat }     run sql per `width` values, one transaction
//               { id, op: 'all', sql, params }             SELECT, returns the rows
//               { id, op: 'run', sql, params }             one statement, returns changes
//               { id, op: 'tx', statements: [{sql, params}] }  several statements in one transaction
//               { id, op: 'get', sql, params }             first row
//               { id, op: 'close' }
// Messages out: { id, result } or { id, error: { message, code } }
import { parentPort, workerData } from 'node:worker_threads'
import Database from 'better-sqlite3'
import { batchInserter } from './sqlite-batch.mjs'

const db = new Database(workerData.file)
db.pragma('synchronous = FULL')
db.pragma('busy_timeout = 5000')
const statements = new Map()
const prepared = (sql) => {
  let stmt = statements.get(sql)
  if (!stmt) {
    stmt = db.prepare(sql)
    statements.set(sql, stmt)
  }
  return stmt
}
const batch = batchInserter(db)
const tx = db.transaction((list) => {
  let changes = 0
  for (const { sql, params } of list) changes += prepared(sql).run(...params).changes
  return changes
})

parentPort.on('message', (msg) => {
  let result = null
  try {
    switch (msg.op) {
      case 'batch':
        batch(msg.sql, msg.width, msg.flat)
        break
      case 'all':
        result = prepared(msg.sql).all(...msg.params)
        break
      case 'get':
        result = prepared(msg.sql).get(...msg.params) ?? null
        break
      case 'run':
        result = prepared(msg.sql).run(...msg.params).changes
        break
      case 'tx':
        result = tx.immediate(msg.statements)
        break
      case 'close':
        db.close()
        parentPort.postMessage({ id: msg.id, result })
        parentPort.close()
        return
      default:
        throw new Error(`unknown op ${msg.op}`)
    }
    parentPort.postMessage({ id: msg.id, result })
  } catch (err) {
    parentPort.postMessage({ id: msg.id, error: { message: String(err?.message ?? err), code: err?.code } })
  }
})
