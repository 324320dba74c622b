// uPlot ships its types as dist/uPlot.d.ts without pointing package.json at them.
declare module 'uplot' {
  import uPlot = require('uplot/dist/uPlot.js');
  export = uPlot;
}
