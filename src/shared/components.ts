// status.claude.com component ids (statuspage.md §2). Ids are stable; names changed twice, so the
// payload's current name is shown and this table is only a fallback and the default watch list.
export const COMPONENT_IDS = {
  claudeAi: 'rwppv331jlwc',
  console: '0qbwn08sd68x',
  api: 'k8w3r06qmzrp',
  claudeCode: 'yyzkbfz2thpt',
  cowork: 'bpp5gb3hpjcl',
  government: '0scnb50nvy53',
} as const

export const KNOWN_COMPONENT_NAMES: Readonly<Record<string, string>> = {
  [COMPONENT_IDS.claudeAi]: 'claude.ai',
  [COMPONENT_IDS.console]: 'Claude Console',
  [COMPONENT_IDS.api]: 'Claude API',
  [COMPONENT_IDS.claudeCode]: 'Claude Code',
  [COMPONENT_IDS.cowork]: 'Claude Cowork',
  [COMPONENT_IDS.government]: 'Claude for Government',
}

export const DEFAULT_WATCHED_COMPONENTS: readonly string[] = [
  COMPONENT_IDS.claudeAi,
  COMPONENT_IDS.api,
  COMPONENT_IDS.claudeCode,
]
