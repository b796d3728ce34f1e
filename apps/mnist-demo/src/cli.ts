/**
 * The command line: `typetorch-mnist [train] [options]`, `eval --load FILE`, `summary`,
 * `predict --load FILE IMAGE.png...`. `main(argv, io)` runs it in-process and returns the exit code:
 * 0 success, 2 bad input (unknown option, missing or corrupt data, a checkpoint that does not fit,
 * an unavailable device), 1 anything unexpected. Errors print one message, never a stack trace
 * (set TYPETORCH_DEBUG=1 to see it).
 */
import '@typetorch/backend-cpu';
import '@typetorch/autograd';
import { FASHION_MNIST_CLASSES } from '@typetorch/data';
import { manualSeed } from '@typetorch/tensor';
import { Command, CommanderError, Option } from 'commander';
import { integer, path, paths, positiveInt, positiveNumber } from './arg-parsers.js';
import { loadCheckpoint, saveCheckpoint } from './checkpoint.js';
import { loadSplit } from './data.js';
import { DEVICE_NAMES, type DeviceName, useDevice } from './device.js';
import { stopOnDivergence } from './divergence.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, UsageError } from './errors.js';
import { DATASET_NAMES, type DatasetName, limitDataset } from './inputs.js';
import { type Io, processIo } from './io.js';
import { parameterRows } from './model-summary.js';
import { countParameters, createModel, disposeModel, MODEL_NAMES, type ModelName } from './models.js';
import { checkOutputPath } from './output-paths.js';
import { predictFiles } from './predict.js';
import {
  confusionTable,
  formatSeconds,
  lossChart,
  perClassAccuracy,
  perClassTable,
  progressCallbacks,
} from './report.js';
import {
  type BatchDataset,
  evaluate,
  OPTIMIZER_NAMES,
  type OptimizerName,
  SCHEDULER_NAMES,
  type SchedulerName,
  type TrainResult,
  train,
} from './train.js';

/** Default `--epochs` of each model: enough for 98%+ (MLP) and 99%+ (CNN) on MNIST with the cosine schedule. */
export const DEFAULT_EPOCHS: Record<ModelName, number> = { mlp: 3, cnn: 5 };

/**
 * `--preset tutorial`: MLP 784-512-512-10, ReLU, Adam lr 0.01, batch 128, 4000 iterations, cross-entropy,
 * pixels in [0, 1] (`ToTensor()` only, as the tutorials feed them), no learning-rate schedule.
 */
export const PRESETS = {
  tutorial: {
    model: 'mlp',
    optimizer: 'adam',
    lr: 0.01,
    batchSize: 128,
    iterations: 4000,
    scheduler: 'none',
    normalize: false,
  },
} as const;

/**
 * Applies `opts.preset` to the options the user did not give explicitly (`explicit(name)` tells which
 * they did); `--epochs` given explicitly replaces the preset's iteration count.
 */
export function applyPreset(opts: TrainCliOptions, explicit: (name: string) => boolean): void {
  if (opts.preset === undefined) return;
  const preset = PRESETS[opts.preset];
  if (!explicit('model')) opts.model = preset.model;
  if (!explicit('optimizer')) opts.optimizer = preset.optimizer;
  if (!explicit('lr')) opts.lr = preset.lr;
  if (!explicit('batchSize')) opts.batchSize = preset.batchSize;
  if (!explicit('scheduler')) opts.scheduler = preset.scheduler;
  if (!explicit('normalize')) opts.normalize = preset.normalize;
  if (!explicit('iterations') && !explicit('epochs')) opts.iterations = preset.iterations;
}

/** Fills in the defaults that depend on other options (the model's epochs). */
export function resolveDefaults(opts: TrainCliOptions): asserts opts is TrainCliOptions & { epochs: number } {
  opts.epochs ??= DEFAULT_EPOCHS[opts.model];
}

interface CommonOptions {
  model: ModelName;
  dataset: DatasetName;
  data?: string;
  device: DeviceName;
  seed: number;
  json: boolean;
}

export interface TrainCliOptions extends CommonOptions {
  /** Undefined until {@link resolveDefaults}: it depends on the model. */
  epochs?: number;
  batchSize: number;
  testBatchSize: number;
  lr: number;
  optimizer: OptimizerName;
  scheduler: SchedulerName;
  normalize: boolean;
  limit?: number;
  iterations?: number;
  save?: string;
  preset?: keyof typeof PRESETS;
}

function addModelOptions(cmd: Command, withDefault = true): Command {
  const model = new Option('--model <name>', 'model architecture').choices(MODEL_NAMES);
  if (withDefault) model.default('mlp');
  return cmd
    .addOption(model)
    .addOption(new Option('--device <device>', 'device to run on').choices(DEVICE_NAMES).default('cpu'))
    .addOption(
      new Option('--seed <n>', 'random seed (same seed, same numbers)').argParser(integer).default(1),
    )
    .option('--json', 'machine-readable output: one JSON object per line on stdout', false);
}

function addDataOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--dataset <name>', 'dataset').choices(DATASET_NAMES).default('mnist'))
    .addOption(
      new Option(
        '--data <dir>',
        'directory holding the dataset files (default: $TYPETORCH_MNIST_DIR, else download into the cache)',
      ).argParser(path),
    );
}

function writeJson(io: Io, value: unknown): void {
  io.out(`${JSON.stringify(value)}\n`);
}

async function runTrain(io: Io, opts: TrainCliOptions, cmd: Command): Promise<void> {
  applyPreset(opts, (name) => cmd.getOptionValueSource(name) === 'cli');
  resolveDefaults(opts);
  // Before any work: a checkpoint that cannot be written must not cost a training run.
  if (opts.save !== undefined) await checkOutputPath(opts.save, '--save');
  const started = performance.now();
  await useDevice(opts.device);
  manualSeed(opts.seed);
  const human = !opts.json;
  const onProgress = human
    ? ({ file, received, total }: { file: string; received: number; total: number | undefined }) => {
        if (total !== undefined && received === total) io.out(`downloaded ${file} (${total} bytes)\n`);
      }
    : undefined;
  const { normalize } = opts;
  const trainData = await loadSplit({
    dataset: opts.dataset,
    dir: opts.data,
    train: true,
    normalize,
    onProgress,
  });
  const testData = await loadSplit({
    dataset: opts.dataset,
    dir: opts.data,
    train: false,
    normalize,
    onProgress,
  });
  const trainSet = limitDataset(trainData, opts.limit) as BatchDataset;
  const model = createModel(opts.model).to(opts.device);
  reportTrainConfig(io, opts, trainSet.length, testData.length, trainData.root);
  const epochs =
    opts.iterations !== undefined
      ? Math.ceil(opts.iterations / Math.ceil(trainSet.length / opts.batchSize))
      : opts.epochs;
  const progress = human ? progressCallbacks(io, epochs) : undefined;
  // A non-finite loss stops the run with exit code 2 (the library, like PyTorch, carries on).
  const callbacks = stopOnDivergence(
    progress ?? {
      onEpochEnd: (r: import('./train.js').EpochResult) =>
        writeJson(io, {
          event: 'epoch',
          epoch: r.epoch,
          trainLoss: r.trainLoss,
          trainAccuracy: r.trainAccuracy,
          testLoss: r.test.loss,
          testAccuracy: r.test.accuracy,
          lr: r.lr,
          samples: r.samples,
          seconds: r.seconds,
          samplesPerSecond: r.samplesPerSecond,
        }),
    },
    opts.lr,
  );
  const result = await train(
    model,
    trainSet,
    testData as BatchDataset,
    {
      epochs: opts.epochs,
      batchSize: opts.batchSize,
      testBatchSize: opts.testBatchSize,
      lr: opts.lr,
      optimizer: opts.optimizer,
      scheduler: opts.scheduler,
      seed: opts.seed,
      iterations: opts.iterations,
      device: opts.device,
    },
    callbacks,
  ).finally(() => progress?.stop());
  const last = result.epochs[result.epochs.length - 1];
  if (opts.save !== undefined) {
    await saveCheckpoint(model, opts.save, {
      model: opts.model,
      dataset: opts.dataset,
      normalize,
      extra: { testAccuracy: String(last.test.accuracy), seed: String(opts.seed) },
    });
  }
  reportTrainResult(io, opts, result, trainData.classes, (performance.now() - started) / 1000);
  disposeModel(model);
}

/** The first line of a training run: its configuration (a `config` event with --json). */
function reportTrainConfig(
  io: Io,
  opts: TrainCliOptions,
  trainSamples: number,
  testSamples: number,
  root: string | undefined,
): void {
  const { normalize } = opts;
  if (!opts.json) {
    io.out(
      `${opts.model.toUpperCase()} on ${opts.dataset} (${trainSamples} training / ${testSamples} test images from ${root ?? 'the cache'}), ${opts.optimizer} lr ${opts.lr}, batch ${opts.batchSize}, ${opts.iterations !== undefined ? `${opts.iterations} iterations` : `${opts.epochs} epoch(s)`}, scheduler ${opts.scheduler}, ${normalize ? 'normalized inputs' : 'inputs in [0, 1]'}, seed ${opts.seed}\n`,
    );
    return;
  }
  writeJson(io, {
    event: 'config',
    model: opts.model,
    dataset: opts.dataset,
    trainSamples,
    testSamples,
    optimizer: opts.optimizer,
    lr: opts.lr,
    batchSize: opts.batchSize,
    epochs: opts.epochs,
    iterations: opts.iterations ?? null,
    scheduler: opts.scheduler,
    normalize,
    seed: opts.seed,
  });
}

/** The end of a training run: per-class accuracy, confusion, loss chart (a `result` event with --json). */
function reportTrainResult(
  io: Io,
  opts: TrainCliOptions,
  result: TrainResult,
  classes: readonly string[],
  seconds: number,
): void {
  const last = result.epochs[result.epochs.length - 1];
  if (!opts.json) {
    io.out(`\nper-class test accuracy:\n${perClassTable(last.test, classes)}\n`);
    io.out(`\nconfusion matrix (rows: true class, columns: predicted):\n${confusionTable(last.test)}\n`);
    const chart = lossChart(result.stepLosses, result.epochs);
    if (chart) io.out(`\n${chart}\n`);
    io.out(
      `\ntest accuracy ${(100 * last.test.accuracy).toFixed(2)}% after ${result.steps} steps; wall-clock time ${formatSeconds(seconds)}\n`,
    );
    io.out(
      opts.save !== undefined
        ? `checkpoint saved to ${opts.save}\n`
        : 'no checkpoint saved (use --save FILE)\n',
    );
    return;
  }
  writeJson(io, {
    event: 'result',
    testLoss: last.test.loss,
    testAccuracy: last.test.accuracy,
    correct: last.test.correct,
    total: last.test.total,
    perClassAccuracy: perClassAccuracy(last.test),
    confusion: last.test.confusion,
    steps: result.steps,
    seconds,
    checkpoint: opts.save ?? null,
  });
}

interface EvalCliOptions extends Omit<CommonOptions, 'model'> {
  model?: ModelName;
  load: string;
  testBatchSize: number;
}

async function runEval(io: Io, opts: EvalCliOptions): Promise<void> {
  await useDevice(opts.device);
  manualSeed(opts.seed);
  const { model, name, info } = await loadCheckpoint(opts.load, opts.model);
  model.to(opts.device);
  const dataset = opts.dataset ?? info.dataset ?? 'mnist';
  const testData = await loadSplit({ dataset, dir: opts.data, train: false, normalize: info.normalize });
  const result = await evaluate(model, testData as BatchDataset, opts.testBatchSize, opts.device);
  disposeModel(model);
  if (opts.json) {
    writeJson(io, {
      event: 'eval',
      checkpoint: opts.load,
      model: name,
      dataset,
      testLoss: result.loss,
      testAccuracy: result.accuracy,
      correct: result.correct,
      total: result.total,
      perClassAccuracy: perClassAccuracy(result),
      confusion: result.confusion,
      seconds: result.seconds,
    });
  } else {
    io.out(`${name.toUpperCase()} from ${opts.load} on the ${dataset} test set (${result.total} images)\n`);
    io.out(
      `test set: average loss ${result.loss.toFixed(4)}, accuracy ${result.correct}/${result.total} (${(100 * result.accuracy).toFixed(2)}%)\n`,
    );
    io.out(`\nper-class test accuracy:\n${perClassTable(result, testData.classes)}\n`);
    io.out(`\nconfusion matrix (rows: true class, columns: predicted):\n${confusionTable(result)}\n`);
  }
}

async function runSummary(io: Io, opts: CommonOptions): Promise<void> {
  await useDevice(opts.device);
  manualSeed(opts.seed);
  const model = createModel(opts.model);
  const { total, trainable } = countParameters(model);
  const params = parameterRows(model);
  const repr = model.toString();
  disposeModel(model);
  if (opts.json) {
    writeJson(io, {
      event: 'summary',
      model: opts.model,
      repr,
      parameters: params,
      total,
      trainable,
    });
  } else {
    io.out(`${repr}\n\n`);
    const w = Math.max(9, ...params.map((p) => p.name.length));
    io.out(`${'parameter'.padEnd(w)}  ${'shape'.padEnd(12)} ${'count'.padStart(10)}\n`);
    for (const p of params) {
      io.out(
        `${p.name.padEnd(w)}  ${`[${p.shape.join(', ')}]`.padEnd(12)} ${p.numel.toLocaleString('en-US').padStart(10)}\n`,
      );
    }
    io.out(
      `\nTotal params: ${total.toLocaleString('en-US')}\nTrainable params: ${trainable.toLocaleString('en-US')}\n`,
    );
    io.out(`Parameter size (float32): ${((total * 4) / 2 ** 20).toFixed(2)} MB\n`);
  }
}

interface PredictCliOptions extends Omit<CommonOptions, 'model' | 'dataset' | 'data'> {
  model?: ModelName;
  load: string;
}

async function runPredict(io: Io, images: string[], opts: PredictCliOptions): Promise<void> {
  await useDevice(opts.device);
  const { model, info } = await loadCheckpoint(opts.load, opts.model);
  model.to(opts.device);
  // Fashion-MNIST labels come from the data package; MNIST's are just the digits.
  const classes =
    info.dataset === 'fashion-mnist'
      ? FASHION_MNIST_CLASSES
      : Array.from({ length: 10 }, (_, i) => String(i));
  const results = await predictFiles(model, images, info.normalize, opts.device).finally(() =>
    disposeModel(model),
  );
  for (const r of results) {
    const top = r.top.map((t) => ({ class: t.index, label: classes[t.index], probability: t.probability }));
    if (opts.json) writeJson(io, { event: 'predict', file: r.file, top });
    else
      io.out(
        `${r.file}: ${top.map((t) => `${t.label} (${(100 * t.probability).toFixed(1)}%)`).join(', ')}\n`,
      );
  }
}

/** The `train` command with its options (the default command), without its action. */
function trainCommand(): Command {
  const cmd = new Command('train')
    .description('train a model and evaluate it on the test set after every epoch (the default command)')
    .addOption(
      new Option(
        '--epochs <n>',
        `epochs to train (default: ${Object.entries(DEFAULT_EPOCHS)
          .map(([model, n]) => `${n} for ${model}`)
          .join(', ')})`,
      ).argParser(positiveInt('--epochs')),
    )
    .addOption(
      new Option('--batch-size <n>', 'training batch size')
        .argParser(positiveInt('--batch-size'))
        .default(64),
    )
    .addOption(
      new Option('--test-batch-size <n>', 'evaluation batch size')
        .argParser(positiveInt('--test-batch-size'))
        .default(1000),
    )
    .addOption(new Option('--lr <rate>', 'learning rate').argParser(positiveNumber).default(0.001))
    .addOption(new Option('--optimizer <name>', 'optimizer').choices(OPTIMIZER_NAMES).default('adam'))
    .addOption(
      new Option(
        '--scheduler <name>',
        'learning-rate schedule: step = StepLR(step_size=1, gamma=0.7) per epoch, cosine = CosineAnnealingLR, onecycle = OneCycleLR (both over all steps)',
      )
        .choices(SCHEDULER_NAMES)
        .default('cosine'),
    )
    .option('--no-normalize', "feed pixels in [0, 1] instead of standardising them with MNIST's mean and std")
    .addOption(
      new Option('--limit <n>', 'train on the first N training images only').argParser(
        positiveInt('--limit'),
      ),
    )
    .addOption(
      new Option('--iterations <n>', 'stop after N optimizer steps (overrides --epochs)').argParser(
        positiveInt('--iterations'),
      ),
    )
    .addOption(
      new Option('--save <file>', 'save the trained model as a safetensors checkpoint').argParser(path),
    )
    .addOption(
      new Option(
        '--preset <name>',
        'tutorial: MLP 784-512-512-10, ReLU, Adam lr 0.01, batch 128, 4000 iterations, cross-entropy, inputs in [0, 1], no schedule (options given explicitly win)',
      ).choices(Object.keys(PRESETS)),
    );
  return addDataOptions(addModelOptions(cmd));
}

/** Builds the command-line program; `io` receives its output. */
export function buildProgram(io: Io, run: ParsedCommand): Command {
  const program = new Command('typetorch-mnist').description(
    "PyTorch's MNIST example in typetorch: train an MLP or a CNN on MNIST / Fashion-MNIST, evaluate a checkpoint, print a model summary, classify your own PNG images.",
  );

  const trainCmd = trainCommand();
  trainCmd.action((opts: TrainCliOptions, cmd: Command) => {
    Object.assign(run, { command: 'train', options: opts, current: () => runTrain(io, opts, cmd) });
  });

  const evalCmd = new Command('eval')
    .description('evaluate a saved checkpoint on the test set')
    .addOption(
      new Option('--load <file>', 'safetensors checkpoint written by train --save')
        .argParser(path)
        .makeOptionMandatory(),
    )
    .addOption(
      new Option('--test-batch-size <n>', 'evaluation batch size')
        .argParser(positiveInt('--test-batch-size'))
        .default(1000),
    );
  addDataOptions(addModelOptions(evalCmd, false));
  evalCmd.addHelpText('after', '\n--model defaults to the model recorded in the checkpoint.');
  evalCmd.action((opts: EvalCliOptions) => {
    Object.assign(run, { command: 'eval', options: opts, current: () => runEval(io, opts) });
  });

  const summaryCmd = new Command('summary').description(
    'print the model the way PyTorch prints it, with parameter counts',
  );
  addModelOptions(summaryCmd);
  summaryCmd.action((opts: CommonOptions) => {
    Object.assign(run, { command: 'summary', options: opts, current: () => runSummary(io, opts) });
  });

  const predictCmd = new Command('predict')
    .description(
      'classify PNG images (any size, grayscale or colour, dark-on-light or light-on-dark): prints the top-3 classes',
    )
    .argument('<images...>', 'PNG files', paths)
    .addOption(
      new Option('--load <file>', 'safetensors checkpoint written by train --save')
        .argParser(path)
        .makeOptionMandatory(),
    );
  addModelOptions(predictCmd, false);
  predictCmd.action((images: string[], opts: PredictCliOptions) => {
    Object.assign(run, {
      command: 'predict',
      options: opts,
      images,
      current: () => runPredict(io, images, opts),
    });
  });

  program.addHelpText(
    'after',
    () =>
      `\n${trainCmd
        .helpInformation()
        .replace(/^Usage: .*\n/, '')
        .replace(/^\n?train a model[\s\S]*?\n\n/, '')
        .replace(/^Options:/, 'Options of train (the default command):')}
Run "typetorch-mnist <command> --help" for the options of eval, summary and predict.

--json prints one JSON object per line on stdout and nothing else there: train writes {"event":"config"},
one {"event":"epoch"} per epoch and a final {"event":"result"} (testAccuracy, testLoss, perClassAccuracy,
confusion, steps, seconds, checkpoint); eval writes {"event":"eval"}; summary {"event":"summary"};
predict one {"event":"predict"} per image. Errors go to stderr.

Exit codes: 0 success, 2 bad input (unknown option, missing or corrupt data, a checkpoint that does not
fit the model, an unavailable device), 1 an unexpected failure.

Examples:
  typetorch-mnist --data ../shared/datasets/mnist                 MLP, 3 epochs
  typetorch-mnist --model cnn --save cnn.safetensors              CNN, 5 epochs
  typetorch-mnist --preset tutorial --save mlp.safetensors
  typetorch-mnist eval --load mlp.safetensors
  typetorch-mnist predict --load mlp.safetensors digit.png`,
  );
  for (const cmd of [program, trainCmd, evalCmd, summaryCmd, predictCmd]) {
    cmd
      .showHelpAfterError('(run with --help for usage)')
      .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
      .configureHelp({ helpWidth: 110 })
      .exitOverride();
  }
  program.addCommand(trainCmd, { isDefault: true });
  program.addCommand(evalCmd);
  program.addCommand(summaryCmd);
  program.addCommand(predictCmd);
  return program;
}

/** What a command line asks for, once parsed: the command, its options, and the action that runs it. */
export interface ParsedCommand {
  command?: 'train' | 'eval' | 'summary' | 'predict';
  options?: Record<string, unknown>;
  /** The image files of `predict`. */
  images?: string[];
  current?: () => Promise<void> | void;
}

/**
 * Parses `argv` without running anything: the parsed command, or the exit code when parsing ends the
 * program (0 after --help; 2 after a usage error, whose one-line message has been printed).
 */
export async function parseCommandLine(argv: readonly string[], io: Io): Promise<ParsedCommand | number> {
  const run: ParsedCommand = {};
  const program = buildProgram(io, run);
  // `help NAME` of no command: commander would print the whole help to stderr; one line is enough.
  const names = program.commands.map((c) => c.name());
  if (argv[0] === 'help' && argv.length > 1 && ![...names, 'help'].includes(argv[1])) {
    io.err(`error: unknown command '${argv[1]}' (commands: ${names.join(', ')})\n`);
    return EXIT_USAGE;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      if (
        err.code === 'commander.helpDisplayed' ||
        err.code === 'commander.help' ||
        err.code === 'commander.version'
      ) {
        return err.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
      }
      return EXIT_USAGE; // commander has printed the message
    }
    throw err;
  }
  return run;
}

/**
 * Runs the CLI with `argv` (the arguments after the program name) and returns the exit code.
 */
export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  const run = await parseCommandLine(argv, io);
  if (typeof run === 'number') return run;
  try {
    await run.current?.();
    return EXIT_OK;
  } catch (err) {
    if (process.env.TYPETORCH_DEBUG) io.err(`${err instanceof Error ? err.stack : String(err)}\n`);
    if (err instanceof UsageError) {
      io.err(`error: ${err.message}\n`);
      return EXIT_USAGE;
    }
    io.err(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    return EXIT_FAILURE;
  }
}
