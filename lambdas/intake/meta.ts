import { handleMetaWebhook } from '../domain/intake';
import { webhookHandler } from './http';

/** Webhook Lambda for Meta (Facebook Pages, Messenger, Instagram, WhatsApp). */
export const handler = webhookHandler(handleMetaWebhook);
