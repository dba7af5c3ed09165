/** `node --require` / `tsx --require` hook so that scripts run from source can import *.wat (see wat-module.cjs). */
const { watModuleSource } = require('./wat-module.cjs');

require.extensions['.wat'] = (module, filename) => {
  module._compile(watModuleSource(filename), filename);
};
