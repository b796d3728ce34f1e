/** Registers every gradient formula (import for side effects). */
import './conv.js';
import './elementwise.js';
import './indexing.js';
import './inplace.js';
import './linalg.js';
import './loss.js';
import './reduce.js';
import './softmax.js';
import './views.js';
