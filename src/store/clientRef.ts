import { createInferenceClient, type InferenceClient } from '../worker/client';

let client: InferenceClient | null = null;

/** The one inference worker client (created on first use; tests may replace it). */
export function getClient(): InferenceClient {
  client ??= createInferenceClient();
  return client;
}

export function setClient(c: InferenceClient): void {
  client = c;
}
