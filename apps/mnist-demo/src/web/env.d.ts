/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Build-time base URL of the MNIST files (see README: "In the browser"). */
  readonly VITE_MNIST_URL?: string;
}
