// The FAKE RuntimeApi lives beside the code it fakes (core tests may not import test/); cross-layer
// tests take it from here.
export { FakeRuntimeApi, fakeSnapshot } from '../../core/api/testing/fake-runtime-api.js';
