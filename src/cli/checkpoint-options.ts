import { numberOption, type OptionTable } from './command.js';

/** The option rows of every command that loads one checkpoint for an audit: where its sidecar and α come from. */
export const CHECKPOINT_OPTIONS = {
  config: { type: 'string', placeholder: 'F', description: 'JSON sidecar (default: config_<runid>.json or <stem>.json next to the checkpoint)' },
  attn: { type: 'string', placeholder: 'A', description: 'attention rate α, overriding the sidecar (needed when it has none)' },
  key: { type: 'string', placeholder: 'PATH', description: "a nested .pt checkpoint's state dict, as a dotted path (default: model, state_dict or model_state_dict)" },
} as const satisfies OptionTable;

/** What --config, --attn and --key ask of the checkpoint loader (α checked to lie in [0, 1]); absent options are left out. */
export function checkpointLoadOptions(options: { config?: string; attn?: string; key?: string }): { config?: string; attn?: number; key?: string } {
  const attn = numberOption(options.attn, 'attn', (a) => (a < 0 || a > 1 ? 'the attention rate must lie in [0, 1]' : undefined));
  return {
    ...(options.config !== undefined ? { config: options.config } : {}),
    ...(attn !== undefined ? { attn } : {}),
    ...(options.key !== undefined ? { key: options.key } : {}),
  };
}
