/**
 * TensorFlow.js as the tests' independent reference: the pure-JS CPU backend, with its
 * "install tfjs-node for speed" notice turned off (PROD only silences tfjs's own logging here).
 */
import * as tf from '@tensorflow/tfjs';

tf.env().set('PROD', true);
tf.setBackend('cpu');

export { tf };
