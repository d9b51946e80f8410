import type { ModuleServerPlugin } from '@oblako/server-kit';

/** Work in progress: the routes of ../api.ts are added here. */
const plugin: ModuleServerPlugin = async () => {};

export default plugin;
