/**
 * Upstream's argparse options, in its order, with its flags and defaults (`--cuda` and `--mps` are
 * `--device cpu|webgpu`; `--subset` is added), and `print(opt)` as Python prints the Namespace.
 */
import { Command, InvalidArgumentError, Option } from 'commander';

/** The parsed command line (upstream's `opt`). */
export interface Opt {
  dataset: string;
  dataroot?: string;
  workers: number;
  batchSize: number;
  imageSize: number;
  nz: number;
  ngf: number;
  ndf: number;
  niter: number;
  lr: number;
  beta1: number;
  device: 'cpu' | 'webgpu';
  dryRun: boolean;
  ngpu: number;
  netG: string;
  netD: string;
  outf: string;
  manualSeed?: number;
  classes: string;
  subset?: number;
}

function int(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n)) throw new InvalidArgumentError('expected an integer');
  return n;
}

function float(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || Number.isNaN(n)) throw new InvalidArgumentError('expected a number');
  return n;
}

/** Parses `argv` (`manualSeed` stays undefined without `--manualSeed`; `setup` draws one). */
export function parseArgs(argv: readonly string[]): Opt {
  const parser = new Command('main')
    .description('DCGAN (pytorch/examples dcgan/main.py)')
    .requiredOption(
      '--dataset <DATASET>',
      'mnist | fashion-mnist (upstream: cifar10 | lsun | mnist |imagenet | folder | lfw | fake)',
    )
    .option('--dataroot <DATAROOT>', 'path to dataset')
    .option(
      '--workers <WORKERS>',
      'number of data loading workers (accepted; data loads in the main thread)',
      int,
      2,
    )
    .option('--batchSize <BATCHSIZE>', 'input batch size', int, 64)
    .option('--imageSize <IMAGESIZE>', 'the height / width of the input image to network', int, 64)
    .option('--nz <NZ>', 'size of the latent z vector', int, 100)
    .option('--ngf <NGF>', 'number of filters in the generator', int, 64)
    .option('--ndf <NDF>', 'number of filters in the discriminator', int, 64)
    .option('--niter <NITER>', 'number of epochs to train for', int, 25)
    .option('--lr <LR>', 'learning rate, default=0.0002', float, 0.0002)
    .option('--beta1 <BETA1>', 'beta1 for adam. default=0.5', float, 0.5)
    .addOption(
      new Option('--device <device>', 'device to train on (upstream: --cuda, --mps)')
        .choices(['cpu', 'webgpu'])
        .default('cpu'),
    )
    .option('--dry-run', 'check a single training cycle works', false)
    .option('--ngpu <NGPU>', 'number of GPUs to use (accepted; no data_parallel)', int, 1)
    .option('--netG <NETG>', 'path to netG (to continue training)', '')
    .option('--netD <NETD>', 'path to netD (to continue training)', '')
    .option('--outf <OUTF>', 'folder to output images and model checkpoints', '.')
    .option('--manualSeed <SEED>', 'manual seed', int)
    .option('--classes <CLASSES>', 'comma separated list of classes for the lsun data set', 'bedroom')
    .option('--subset <N>', 'train on the first N images only (added)', int)
    .exitOverride();
  parser.parse(argv, { from: 'user' });
  return parser.opts<Opt>();
}

function pyRepr(value: unknown): string {
  if (value === undefined || value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'number' && Number.isInteger(value)) return String(value);
  return String(value);
}

/** `print(opt)`: `Namespace(dataset='mnist', ...)`, in upstream's order and spellings. */
export function formatOpt(opt: Opt): string {
  const keys: [string, keyof Opt][] = [
    ['dataset', 'dataset'],
    ['dataroot', 'dataroot'],
    ['workers', 'workers'],
    ['batchSize', 'batchSize'],
    ['imageSize', 'imageSize'],
    ['nz', 'nz'],
    ['ngf', 'ngf'],
    ['ndf', 'ndf'],
    ['niter', 'niter'],
    ['lr', 'lr'],
    ['beta1', 'beta1'],
    ['device', 'device'],
    ['dry_run', 'dryRun'],
    ['ngpu', 'ngpu'],
    ['netG', 'netG'],
    ['netD', 'netD'],
    ['outf', 'outf'],
    ['manualSeed', 'manualSeed'],
    ['classes', 'classes'],
    ['subset', 'subset'],
  ];
  return `Namespace(${keys.map(([py, ts]) => `${py}=${pyRepr(opt[ts])}`).join(', ')})`;
}
