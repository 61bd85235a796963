import { handleXWebhook } from '../domain/intake';
import { webhookHandler } from './http';

/** Webhook Lambda for X Account Activity. */
export const handler = webhookHandler(handleXWebhook);
