import { handleGenericWebhook } from '../domain/intake';
import { webhookHandler } from './http';

/** Webhook Lambda for Standard Webhooks sources (reviews, blogs, CRMs). */
export const handler = webhookHandler(handleGenericWebhook);
