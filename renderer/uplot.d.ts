// uPlot ships its types as dist/uPlot.d.ts without pointing package.json at them.
declare module 'uplot' {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the way to re-export an `export =` module
  import uPlot = require('uplot/dist/uPlot.js');
  export = uPlot;
}
