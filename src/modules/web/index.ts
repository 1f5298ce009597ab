export { WEB_DIST, webRoutes } from './routes.ts';
