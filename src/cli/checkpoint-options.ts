import type { OptionTable } from './command.js';

/** The option rows of every command that loads one checkpoint for an audit: where its sidecar and α come from. */
export const CHECKPOINT_OPTIONS = {
  config: { type: 'string', placeholder: 'F', description: 'JSON sidecar (default: config_<runid>.json or <stem>.json next to the checkpoint)' },
  attn: { type: 'string', placeholder: 'A', description: 'attention rate α, overriding the sidecar (needed when it has none)', range: { integer: false, min: 0, max: 1 } },
  key: { type: 'string', placeholder: 'PATH', description: "a nested .pt checkpoint's state dict, as a dotted path (default: model, state_dict or model_state_dict)" },
} as const satisfies OptionTable;

/** What --config, --attn and --key ask of the checkpoint loader; absent options are left out. */
export function checkpointLoadOptions(options: { config?: string; attn?: number; key?: string }): { config?: string; attn?: number; key?: string } {
  return {
    ...(options.config !== undefined ? { config: options.config } : {}),
    ...(options.attn !== undefined ? { attn: options.attn } : {}),
    ...(options.key !== undefined ? { key: options.key } : {}),
  };
}
