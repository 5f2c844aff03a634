"""Records a training-parity fixture with the paper's own training loop (not a copy of it).

Runs `run_experiment(config)` of `$CLOCKPIZZA_REFERENCE/pizza-repo/code/train-main.py` (default
../shared/reference) on the CPU, seeded, for a given config, and writes what the training
fixtures of the shared reference (`training/*.json`, METRICS.md §9) hold: the config, the
train/test split (indices into the a·p + b enumeration, in the order the reference's
`random_split` draws them), the weights at the start and after the last step, and the per-step
train/test losses and accuracies. The reference file is read and executed up to its endless
sweep loop (`while True:`), with stubs for the logging and plotting modules it imports (wandb,
tqdm, plotly, matplotlib, pandas, seaborn) and for `einops.rearrange` (its one pattern).

    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 scripts/record_training_parity.py OUT.json \
        --C 31 --n_heads 2 --d_model 16 --lr 3e-3 --frac 0.5 --diff_vocab 1 --attn_coeff 0.5 --epoch 10 --seed 0

Needs PyTorch (Debian: apt-get install python3-torch libopenblas0-pthread). Not a dependency of
clockpizza; only the JSON it writes is committed (fixtures/training/).
"""
import argparse
import json
import os
import sys
import types
from pathlib import Path


def stub_modules():
    """The imports of train-main.py that only log or plot, as do-nothing modules."""
    def module(name, **attrs):
        m = types.ModuleType(name)
        m.__dict__.update(attrs)
        sys.modules[name] = m
        return m

    class Run:
        def __init__(self):
            self.summary = {}

        def log(self, *args, **kwargs):
            pass

        def finish(self):
            pass

    class Bar:
        def __init__(self, iterable):
            self.iterable = iterable

        def __iter__(self):
            return iter(self.iterable)

        def set_description(self, *args, **kwargs):
            pass

    module('wandb', init=lambda *a, **k: Run())
    module('tqdm', tqdm=Bar)

    def rearrange(z, pattern):
        assert pattern == 'b i q h -> b q (i h)', pattern
        b, i, q, h = z.shape
        return z.permute(0, 2, 1, 3).reshape(b, q, i * h)

    module('einops', rearrange=rearrange)
    plotly = module('plotly')
    plotly.express = module('plotly.express')
    plotly.io = module('plotly.io', renderers=types.SimpleNamespace(default=None))
    plotly.graph_objects = module('plotly.graph_objects')
    matplotlib = module('matplotlib')
    matplotlib.pyplot = module('matplotlib.pyplot')
    module('pandas')
    module('seaborn')


def load_reference(path):
    """train-main.py's definitions (everything before its `while True:` sweep), on the CPU."""
    source = Path(path).read_text()
    head = source.split('\nwhile True:')[0]
    namespace = {'__name__': 'pizza_reference'}
    exec(compile(head, str(path), 'exec'), namespace)
    namespace['DEVICE'] = 'cpu'
    return namespace


def tensors(state):
    """{name: {shape, data}}, data row-major, each float32 written with 9 significant digits (exact)."""
    return {name: {'shape': list(t.shape), 'data': [float('%.9g' % x) for x in t.detach().cpu().double().flatten().tolist()]} for name, t in state.items()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('out')
    parser.add_argument('--C', type=int, default=59)
    parser.add_argument('--n_heads', type=int, default=4)
    parser.add_argument('--d_model', type=int, default=128)
    parser.add_argument('--n_layers', type=int, default=1)
    parser.add_argument('--act_fn', default='ReLU')
    parser.add_argument('--lr', type=float, default=1e-3)
    parser.add_argument('--weight_decay', type=float, default=2.0)
    parser.add_argument('--frac', type=float, default=0.8)
    parser.add_argument('--attn_coeff', type=float, default=0.5)
    parser.add_argument('--diff_vocab', type=int, default=0)
    parser.add_argument('--eqn_sign', type=int, default=0)
    parser.add_argument('--epoch', type=int, default=10)
    parser.add_argument('--seed', type=int, default=0)
    args = parser.parse_args()

    stub_modules()
    import torch
    torch.set_num_threads(1)
    reference = Path(os.environ.get('CLOCKPIZZA_REFERENCE', Path(__file__).resolve().parent.parent / '..' / 'shared' / 'reference'))
    ns = load_reference(reference / 'pizza-repo' / 'code' / 'train-main.py')

    C = args.C
    # The reference sweep's config keys, in its order (batch_size C·C: full batch).
    config = dict(
        name='modadd_' + str(C), funcs='lambda x: (x[0]+x[1])%' + str(C), C=C, n_heads=args.n_heads, d_model=args.d_model,
        n_layers=args.n_layers, attention_dir='casual', act_fn=args.act_fn, epoch=args.epoch, batch_size=C * C, lr=args.lr,
        weight_decay=args.weight_decay, frac=args.frac, attn_coeff=args.attn_coeff, runid='parity', diff_vocab=args.diff_vocab,
        eqn_sign=args.eqn_sign,
    )

    # The model is built, then the data split: at the split the weights are the initial ones.
    captured = {}
    Transformer = ns['Transformer']

    class Recording(Transformer):
        def __init__(self, *a, **k):
            super().__init__(*a, **k)
            captured['model'] = self

    ns['Transformer'] = Recording
    random_split = torch.utils.data.random_split

    def recording_split(dataset, lengths, *a, **k):
        parts = random_split(dataset, lengths, *a, **k)
        captured['split'] = {'train': [int(i) for i in parts[0].indices], 'test': [int(i) for i in parts[1].indices]}
        captured['initial'] = {k2: v.clone() for k2, v in captured['model'].state_dict().items()}
        return parts

    torch.utils.data.random_split = recording_split
    torch.manual_seed(args.seed)
    result = ns['run_experiment'](dict(config))

    record = {
        'config': config,
        'steps': len(result['losses']),
        'seed': args.seed,
        'made_by': 'scripts/record_training_parity.py (pizza-repo code/train-main.py run_experiment, CPU, torch %s)' % torch.__version__,
        'split': captured['split'],
        'train_losses': result['losses'],
        'test_losses': [float(x) for x in result['losses_val']],
        'train_accs': result['accs'],
        'test_accs': [float(x) for x in result['accs_val']],
        'initial': tensors(captured['initial']),
        'final': tensors(result['model'].state_dict()),
    }
    Path(args.out).write_text(json.dumps(record, separators=(',', ':')) + '\n')
    print('%s: %d steps, train loss %.6f -> %.6f' % (args.out, record['steps'], record['train_losses'][0], record['train_losses'][-1]), file=sys.stderr)


if __name__ == '__main__':
    main()
