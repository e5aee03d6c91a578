import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { proofItemStatuses } from '../../../common/catalog.js';
import { gate } from '../../platform/access.js';
import { ProblemSchema } from '../../platform/errors.js';
import { Errors, Version } from '../../platform/schemas.js';
import { ProofItemCode, ProofItemContentSchema, ProofItemSchema } from './contract.js';
import { createProofItem, getProofItem, listProofItems, retireProofItem, updateProofItem } from './proof-items.js';

const Params = Type.Object({ code: ProofItemCode });
const ListedProofItem = Type.Intersect([ProofItemSchema, Type.Object({ publishedItems: Type.Integer({ description: 'Published items whose materials ask for it' }) })]);

/** The published list of proof items (证明事项, R1.3): public reading, kept by the prefecture's catalog managers. */
export const proofItemRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/catalog/proof-items', {
    schema: {
      tags: ['catalog'],
      summary: 'The list of proof items (证明事项)',
      description: 'The retained proof items by default, each with its legal basis and how it can be satisfied without the paper (shared data, an e-certificate, or the applicant\'s commitment); `status=retired` lists the cancelled ones, `all` both.',
      querystring: Type.Object({
        status: Type.Enum([...proofItemStatuses, 'all'] as const, { default: 'retained' }),
        q: Type.Optional(Type.String({ maxLength: 60, description: 'Part of the code or the name (Chinese or English)' })),
        page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
        pageSize: Type.Integer({ minimum: 1, maximum: 200, default: 20 }),
      }, { additionalProperties: false }),
      response: { 200: Type.Object({ total: Type.Integer(), items: Type.Array(ListedProofItem) }), 400: ProblemSchema },
    },
  }, async (request) => listProofItems(request.ctx, request.query));

  app.get('/catalog/proof-items/:code', {
    schema: {
      tags: ['catalog'],
      summary: 'One proof item and the published items that ask for it',
      params: Params,
      response: { 200: Type.Intersect([ListedProofItem, Type.Object({ askedBy: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), nameEn: Type.String() }), { description: 'The first 50 published items whose materials ask for it' }) })]), 400: ProblemSchema, 404: ProblemSchema },
    },
  }, async (request) => getProofItem(request.ctx, request.params.code));

  app.post('/catalog/proof-items', {
    schema: {
      tags: ['catalog'],
      summary: 'Put a proof item on the list (retained)',
      description: 'Catalog managers of the prefecture. Code and name are unique: a material is matched to its proof item by code or by exact name.',
      body: Type.Object({ code: ProofItemCode, ...ProofItemContentSchema.properties }, { additionalProperties: false }),
      response: { 201: ProofItemSchema, ...Errors },
    },
    preHandler: gate.role('catalogManager'),
  }, async (request, reply) => reply.status(201).send(await createProofItem(request.ctx, request.body)));

  app.patch('/catalog/proof-items/:code', {
    schema: {
      tags: ['catalog'],
      summary: 'Edit a proof item',
      params: Params,
      body: Type.Object({ version: Version, ...Type.Partial(ProofItemContentSchema).properties }, { additionalProperties: false }),
      response: { 200: ProofItemSchema, ...Errors },
    },
    preHandler: gate.role('catalogManager'),
  }, async (request) => updateProofItem(request.ctx, request.params.code, request.body));

  app.post('/catalog/proof-items/:code/retire', {
    schema: {
      tags: ['catalog'],
      summary: 'Cancel a proof item (取消)',
      description: 'From then on no catalog draft may ask for it (by code or exact name): submitting, approving, importing or saving such a draft is refused with `catalog.retired_proof_item`. `notes` say how applicants proceed now.',
      params: Params,
      body: Type.Object({
        version: Version,
        retiredOn: Type.Optional(Type.String({ format: 'date', description: 'Default: today' })),
        notes: Type.Optional(Type.String({ maxLength: 1000 })),
        notesEn: Type.Optional(Type.String({ maxLength: 1500 })),
      }, { additionalProperties: false }),
      response: { 200: ProofItemSchema, ...Errors },
    },
    preHandler: gate.role('catalogManager'),
  }, async (request) => retireProofItem(request.ctx, request.params.code, request.body));
};
