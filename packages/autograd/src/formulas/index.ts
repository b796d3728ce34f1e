/** Registers every gradient formula (import for side effects). */
import './advanced-indexing.js';
import './conv.js';
import './elementwise.js';
import './indexing.js';
import './inplace.js';
import './linalg.js';
import './loss.js';
import './math.js';
import './reduce.js';
import './scan-shape.js';
import './softmax.js';
import './sorting.js';
import './views.js';
