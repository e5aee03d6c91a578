import {
  AccountBookOutlined, BankOutlined, BuildOutlined, CarOutlined, CloudOutlined, CoffeeOutlined, CompassOutlined, EnvironmentOutlined,
  ExperimentOutlined, FileProtectOutlined, FundOutlined, HeartOutlined, HomeOutlined, IdcardOutlined, MedicineBoxOutlined,
  PoweroffOutlined, ReadOutlined, SafetyCertificateOutlined, SafetyOutlined, ShopOutlined, SmileOutlined, SolutionOutlined, SwapOutlined,
  TeamOutlined, UsergroupAddOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { CompanyEvent, LifeEvent } from '../../../../common/catalog.js';

// Pictograms for the browse tiles: they help applicants who scan rather than read.

export const lifeEventIcons: Record<LifeEvent, ReactNode> = {
  birth: <SmileOutlined />,
  education: <ReadOutlined />,
  employment: <SolutionOutlined />,
  marriage: <HeartOutlined />,
  housing: <HomeOutlined />,
  travel: <CarOutlined />,
  medical: <MedicineBoxOutlined />,
  socialSecurity: <SafetyOutlined />,
  retirement: <CoffeeOutlined />,
  residence: <IdcardOutlined />,
  assistance: <TeamOutlined />,
  death: <FileProtectOutlined />,
};

export const companyEventIcons: Record<CompanyEvent, ReactNode> = {
  establish: <ShopOutlined />,
  permits: <SafetyCertificateOutlined />,
  construction: <BuildOutlined />,
  investment: <FundOutlined />,
  change: <SwapOutlined />,
  tax: <AccountBookOutlined />,
  hiring: <UsergroupAddOutlined />,
  closure: <PoweroffOutlined />,
};

const deptIcons: Record<string, ReactNode> = {
  market: <ShopOutlined />,
  'natural-resources': <EnvironmentOutlined />,
  housing: <HomeOutlined />,
  hrss: <SolutionOutlined />,
  'civil-affairs': <HeartOutlined />,
  'public-security': <SafetyOutlined />,
  tax: <AccountBookOutlined />,
  'medical-insurance': <MedicineBoxOutlined />,
  'development-reform': <FundOutlined />,
  transport: <CarOutlined />,
  health: <ExperimentOutlined />,
  education: <ReadOutlined />,
  ecology: <CloudOutlined />,
  'government-services': <BankOutlined />,
};

export const deptIcon = (key: string): ReactNode => deptIcons[key] ?? <CompassOutlined />;
