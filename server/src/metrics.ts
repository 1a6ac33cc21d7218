// Prometheus text exposition (version 0.0.4) without a client library: a few counters and gauges.

type Labels = Record<string, string>

interface Family {
  help: string
  type: 'counter' | 'gauge'
  values: Map<string, number>
  /** Gauges read at scrape time. */
  collect?: () => Array<[Labels, number]>
}

function labelText(labels: Labels): string {
  const entries = Object.entries(labels)
  if (entries.length === 0) return ''
  const escaped = entries.map(
    ([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"')}"`,
  )
  return `{${escaped.join(',')}}`
}

export class Metrics {
  readonly #families = new Map<string, Family>()

  constructor() {
    // Known series start at 0, so rate() and alerts work from the first scrape.
    const each = (key: string, values: string[]): Labels[] => values.map((v) => ({ [key]: v }))
    this.counter('crowd_reports_accepted_total', 'Reports stored and acknowledged with 202.', [{}])
    this.counter(
      'crowd_reports_rejected_total',
      'Reports refused, by reason.',
      each('reason', [
        'invalid',
        'invalid_json',
        'too_large',
        'unsupported_media_type',
        'rate_limited',
        'db_error',
      ]),
    )
    this.counter(
      'crowd_rate_limited_total',
      'Requests refused with 429, by limiter scope.',
      each('scope', ['address', 'token']),
    )
    this.counter(
      'crowd_summary_requests_total',
      'GET /v1/summary answers, by status code.',
      each('status', ['200', '304', '503']),
    )
    this.counter('crowd_summary_computations_total', 'Summaries computed from the database.', [{}])
    this.counter(
      'crowd_db_errors_total',
      'Failed database operations, by operation.',
      each('op', ['insert', 'summary', 'ping', 'maintenance']),
    )
    this.counter('crowd_insert_batches_total', 'Database commits of queued reports.', [{}])
    this.counter(
      'crowd_purged_rows_total',
      'Rows deleted by the retention purge, by table.',
      each('table', ['reports', 'aggregates']),
    )
    this.counter(
      'crowd_maintenance_runs_total',
      'Rollup and purge runs, by result.',
      each('result', ['ok', 'error']),
    )
    this.gauge('crowd_summary_compute_seconds', 'Duration of the last summary computation.')
    this.gauge('process_resident_memory_bytes', 'Resident set size of this process.', () => [
      [{}, process.memoryUsage.rss()],
    ])
    this.gauge('process_uptime_seconds', 'Seconds since this process started.', () => [
      [{}, process.uptime()],
    ])
  }

  counter(name: string, help: string, initial: Labels[] = []): void {
    this.#families.set(name, {
      help,
      type: 'counter',
      values: new Map(initial.map((l) => [labelText(l), 0])),
    })
  }

  gauge(name: string, help: string, collect?: () => Array<[Labels, number]>): void {
    this.#families.set(name, { help, type: 'gauge', values: new Map(), collect })
  }

  inc(name: string, labels: Labels = {}, by = 1): void {
    const family = this.#family(name)
    const key = labelText(labels)
    family.values.set(key, (family.values.get(key) ?? 0) + by)
  }

  set(name: string, value: number, labels: Labels = {}): void {
    this.#family(name).values.set(labelText(labels), value)
  }

  /** Current value of a series (tests). */
  get(name: string, labels: Labels = {}): number {
    return this.#family(name).values.get(labelText(labels)) ?? 0
  }

  render(): string {
    const lines: string[] = []
    for (const [name, f] of this.#families) {
      lines.push(`# HELP ${name} ${f.help}`, `# TYPE ${name} ${f.type}`)
      const values = new Map(f.values)
      for (const [labels, v] of f.collect?.() ?? []) values.set(labelText(labels), v)
      for (const [labels, v] of values) lines.push(`${name}${labels} ${Number.isFinite(v) ? v : 0}`)
    }
    return `${lines.join('\n')}\n`
  }

  #family(name: string): Family {
    const f = this.#families.get(name)
    if (!f) throw new Error(`unknown metric ${name}`)
    return f
  }
}
