// Next.js settings for the console: workspace packages ship TypeScript source, so Next compiles them.
import type { NextConfig } from 'next';

const config: NextConfig = {
  transpilePackages: ['@distillery/schemas', '@distillery/client', '@distillery/report'],
  poweredByHeader: false,
  reactStrictMode: true,
  // The workspace packages import their own files as `./x.js` (Node ESM style) while the files are `./x.ts`.
  // webpack maps that through extensionAlias; Turbopack has no such setting, so the scripts pass --webpack.
  webpack: (webpackConfig: { resolve: { extensionAlias?: Record<string, string[]> } }) => {
    webpackConfig.resolve.extensionAlias = { '.js': ['.ts', '.tsx', '.js'], '.mjs': ['.mts', '.mjs'] };
    return webpackConfig;
  },
};

export default config;
