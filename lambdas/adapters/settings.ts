import { type SourceNames, SourceNamesSchema } from '../../schemas/source-names';
import * as z from 'zod';
import { ENV } from '../../config/resources';
import { type ClassifierConfig, DEFAULT_CLASSIFIER_CONFIG, UrgencySchema } from '../../schemas/classification';
import { type CaseSettings, DEFAULT_CASE_SETTINGS } from '../domain/cases/rules';
import { CrisisThresholdsSchema, type CrisisThresholds, DEFAULT_CRISIS_THRESHOLDS } from '../domain/sla/crisis';
import { DEFAULT_ESCALATION_SETTINGS, type EscalationSettings } from '../domain/escalation/ports';

/**
 * Case and classifier settings from the environment (set by CDK from the stage config in AWS, by the developer
 * locally), each with the defaults of docs/labels.md. A malformed value fails the cold start loudly rather than
 * silently applying a default to people's SLAs.
 */

const SlaMinutesSchema = z.partialRecord(UrgencySchema, z.number().positive());

function numberFrom(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min) throw new Error(`${name} must be a number ≥ ${min}, got '${raw}'`);
  return value;
}

function wholeNumberFrom(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const value = numberFrom(env, name, fallback, min);
  if (!Number.isInteger(value)) throw new Error(`${name} must be a whole number ≥ ${min}, got '${env[name]}'`);
  return value;
}

export function caseSettingsFromEnv(env: NodeJS.ProcessEnv): CaseSettings {
  let slaMinutes = DEFAULT_CASE_SETTINGS.slaMinutes;
  const rawSla = env[ENV.slaMinutes];
  if (rawSla) {
    const parsed = SlaMinutesSchema.safeParse((() => {
      try {
        return JSON.parse(rawSla);
      } catch {
        return undefined;
      }
    })());
    if (!parsed.success) throw new Error(`${ENV.slaMinutes} must be JSON like {"critical":15,"high":30,"normal":60}`);
    slaMinutes = parsed.data;
  }
  return {
    ...DEFAULT_CASE_SETTINGS,
    slaMinutes,
    rawTextRetentionDays: numberFrom(env, ENV.rawTextRetentionDays, DEFAULT_CASE_SETTINGS.rawTextRetentionDays, 0),
  };
}

/**
 * CASE_RETENTION_DAYS: days a case item and each timeline entry are kept after they were last written (DynamoDB
 * TTL); undefined when unset (kept until erased).
 */
export function caseRetentionDaysFromEnv(env: NodeJS.ProcessEnv): number | undefined {
  if (env[ENV.caseRetentionDays] === undefined || env[ENV.caseRetentionDays] === '') return undefined;
  return wholeNumberFrom(env, ENV.caseRetentionDays, 0, 1);
}

export function classifierConfigFromEnv(env: NodeJS.ProcessEnv): ClassifierConfig {
  return {
    ...DEFAULT_CLASSIFIER_CONFIG,
    highReachFollowers: numberFrom(env, ENV.highReachFollowers, DEFAULT_CLASSIFIER_CONFIG.highReachFollowers, 1),
  };
}

/** Escalation settings (links, quiet windows, sender name) from the environment, defaults from the domain. */
export function escalationSettingsFromEnv(env: NodeJS.ProcessEnv): EscalationSettings {
  const base = env[ENV.publicBaseUrl];
  if (!base) throw new Error(`${ENV.publicBaseUrl} must be set: it is the base of every link sent by SMS and email`);
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw new Error(`${ENV.publicBaseUrl} must be an absolute http(s) URL, got '${base}'`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`${ENV.publicBaseUrl} must be an http(s) URL`);
  const d = DEFAULT_ESCALATION_SETTINGS;
  return {
    publicBaseUrl: base.replace(/\/+$/, ''),
    businessName: env[ENV.businessName]?.trim() || d.businessName,
    sourceNames: sourceNamesFromEnv(env),
    ackLinkTtlSeconds: numberFrom(env, ENV.ackLinkTtlHours, d.ackLinkTtlSeconds / 3600, 0.01) * 3600,
    offerLinkTtlSeconds: numberFrom(env, ENV.offerLinkTtlDays, d.offerLinkTtlSeconds / 86_400, 0.01) * 86_400,
    offerQuietDays: numberFrom(env, ENV.offerQuietDays, d.offerQuietDays, 0),
    offerDeclinedQuietDays: numberFrom(env, ENV.offerDeclinedQuietDays, d.offerDeclinedQuietDays, 0),
    offerDailyCap: wholeNumberFrom(env, ENV.offerDailyCap, d.offerDailyCap, 1),
  };
}

/**
 * A setting given as JSON in `env[name]`, checked by `schema`; `fallback` when unset. A malformed value fails the cold
 * start with `hint`, never with the value (settings can be long, and are no secret, but stay out of errors anyway).
 */
function jsonSettingFromEnv<T extends z.ZodType>(env: NodeJS.ProcessEnv, name: string, schema: T, fallback: z.output<T>, hint: string): z.output<T> {
  const raw = env[name];
  if (!raw) return fallback;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    json = undefined;
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new Error(`${name} must be JSON like ${hint}`);
  return parsed.data;
}

/** SOURCE_NAMES, JSON like {"reviews":"Trustpilot"}; unset is none. A malformed value fails the cold start. */
export function sourceNamesFromEnv(env: NodeJS.ProcessEnv): SourceNames {
  return jsonSettingFromEnv(env, ENV.sourceNames, SourceNamesSchema, {}, '{"reviews":"Trustpilot"}: source ids as in /webhooks/generic/{source}, names of one line up to 40 characters');
}

/**
 * Crisis alert thresholds (CRISIS_THRESHOLDS, JSON like {"windowMinutes":10,"overall":20,"perPlatform":10}; each key
 * optional). A malformed value fails the cold start.
 */
export function crisisThresholdsFromEnv(env: NodeJS.ProcessEnv): CrisisThresholds {
  return jsonSettingFromEnv(env, ENV.crisisThresholds, CrisisThresholdsSchema, DEFAULT_CRISIS_THRESHOLDS, '{"windowMinutes":10,"overall":20,"perPlatform":10} (whole numbers ≥ 1, window ≤ 60)');
}

/** How long a container keeps the escalation policy read from DynamoDB, in ms (POLICY_CACHE_SECONDS, default 60). */
export function policyCacheMsFromEnv(env: NodeJS.ProcessEnv): number {
  return numberFrom(env, ENV.policyCacheSeconds, 60, 0) * 1000;
}
