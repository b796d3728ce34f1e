/**
 * Error messages for people: the library's messages are precise but written for developers ("bad magic
 * number 0x3c21646f"). `explainError` turns the common ones into a plain sentence that says what went
 * wrong and what to do; the page keeps the original text in a collapsible "Details" for developers.
 */

export interface Explained {
  /** What happened and what to do, in plain words. */
  summary: string;
  /** The original message, for developers. */
  detail: string;
}

/** "<!do" (an HTML page's first bytes, `<!doctype`) and "<htm" read as an IDX magic number. */
const HTML_MAGIC = /bad magic number 0x(3c21|3c68|3c48)/i;

const DATA_HINT = 'check ?data= in the address, or that data/mnist/ is deployed next to index.html';

interface Rule {
  test: RegExp;
  summary: string;
}

/** First match wins: the most specific cause first. */
const RULES: readonly Rule[] = [
  {
    test: HTML_MAGIC,
    summary: `The data URL returned a web page instead of MNIST files: ${DATA_HINT}.`,
  },
  {
    test: /bad magic number|is not supported, expected 0x08|expected \d+ (images|labels)|bytes for|images but .* labels/i,
    summary: `The files at the data URL are not MNIST files (or are damaged): ${DATA_HINT}, and that it holds the four MNIST .gz files.`,
  },
  {
    test: /was not found: .*HTTP 404|HTTP 404|HTTP 410/i,
    summary: `The MNIST files were not found at the data URL (HTTP 404): ${DATA_HINT}.`,
  },
  {
    test: /HTTP (401|403)/i,
    summary:
      'The server refused to send the MNIST files (access denied): check the data URL and its permissions.',
  },
  {
    test: /HTTP 5\d\d/i,
    summary: 'The server holding the MNIST files had an error: try again in a moment.',
  },
  {
    test: /failed to fetch|networkerror|network error|fetch failed|load failed|ECONNREFUSED|ENOTFOUND/i,
    summary:
      'The MNIST files could not be downloaded: check your connection, and that the data URL is reachable (another site must allow cross-origin requests, CORS).',
  },
  {
    test: /gzip|truncated|checksum mismatch|md5/i,
    summary:
      'The MNIST files arrived damaged or incomplete (the download was cut off or the files are corrupt): reload the page; if it happens again, replace the .gz files on the server.',
  },
  {
    test: /does not fit the (mlp|cnn) model|not a valid safetensors checkpoint/i,
    summary:
      'This file is not a checkpoint of this page\'s models (MLP or CNN): load a .safetensors file downloaded from this page or written by "pnpm demo -- --save FILE".',
  },
  {
    test: /device was lost|device was destroyed|device lost/i,
    summary:
      'The graphics device stopped working (the GPU driver reset or the tab was in the background too long): reload the page, or choose CPU in the Device list.',
  },
  {
    test: /training diverged|loss is (NaN|infinite)/i,
    summary:
      'Training went off the rails (the loss is no longer a number): lower the learning rate and start again.',
  },
  {
    test: /out of memory|allocation failed|Array buffer allocation/i,
    summary: 'The browser ran out of memory: close other tabs, lower the batch size, or train the MLP.',
  },
];

/**
 * A plain-words summary of `message` and the message itself. Other messages (the page's own, already
 * written for people, such as "reset or finish training before loading a checkpoint") keep their first
 * line, as a sentence.
 */
export function explainError(message: string): Explained {
  const rule = RULES.find((r) => r.test.test(message));
  if (rule !== undefined) return { summary: rule.summary, detail: message };
  return { summary: sentence(message.split('\n', 1)[0].trim()), detail: message };
}

function sentence(line: string): string {
  const capital = line.charAt(0).toUpperCase() + line.slice(1);
  return /[.!?:]$/.test(capital) ? capital : `${capital}.`;
}
