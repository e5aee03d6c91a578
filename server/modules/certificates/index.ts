import fp from 'fastify-plugin';
import { certificateRoutes } from './routes.js';

export default fp(
  async (app) => {
    await app.register(certificateRoutes);
  },
  { name: 'certificates', dependencies: ['platform', 'orgs'] },
);

export { checkSeal, findCertificate, issueCertificate, sealWith, verifyCertificate, type Seal } from './service.js';
export type { CertificateRow } from './schema.js';
