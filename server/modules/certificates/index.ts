import fp from 'fastify-plugin';
import { certificateRoutes } from './routes.js';

export default fp(
  async (app) => {
    await app.register(certificateRoutes);
  },
  { name: 'certificates', dependencies: ['platform', 'orgs'] },
);

export { checkSeal, sealWith, type Seal } from './seals.js';
export { findCertificate, findUsableCertificates, issueCertificate, verifyCertificate, type LibraryCertificate } from './service.js';
export { certificatePdf, dateZh, sealLine } from './documents.js';
export { seedCertificateTypes } from './types.js';
export { verifySignedDocument, type OfflineVerification } from './rules.js';
export { seedDemoCertificates } from './seed.js';
export type { CertificateRow } from './schema.js';
