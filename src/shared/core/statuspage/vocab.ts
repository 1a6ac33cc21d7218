// Statuspage v2 enum values (statuspage.md §1), without zod: content scripts import these and
// must not pull the payload schemas into their bundle.

export const COMPONENT_STATUSES = [
  'operational',
  'degraded_performance',
  'partial_outage',
  'major_outage',
  'under_maintenance',
] as const
export const INDICATORS = ['none', 'minor', 'major', 'critical', 'maintenance'] as const
export const INCIDENT_STATUSES = [
  'investigating',
  'identified',
  'monitoring',
  'resolved',
  'postmortem',
  'scheduled',
  'in_progress',
  'verifying',
  'completed',
] as const
export const IMPACTS = ['none', 'minor', 'major', 'critical', 'maintenance'] as const

export type ComponentStatus = (typeof COMPONENT_STATUSES)[number] | 'unknown'
export type Indicator = (typeof INDICATORS)[number] | 'unknown'
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number] | 'unknown'
export type Impact = (typeof IMPACTS)[number] | 'unknown'
